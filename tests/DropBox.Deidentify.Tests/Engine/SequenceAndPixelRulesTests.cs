using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Quarantine;
using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Engine.EngineHarness;

namespace DropBox.Deidentify.Tests.Engine;

public sealed class SequenceAndPixelRulesTests
{
    private static readonly DicomTag ReferencedStudySequence = new(0x0008, 0x1110);          // X/Z
    private static readonly DicomTag VerifyingObserverIdCodeSequence = new(0x0040, 0xA088);  // Z
    private static readonly DicomTag AcquisitionContextSequence = new(0x0040, 0x0555);       // X/Z, but Type 2 where used
    private static readonly DicomTag DeviceSerialNumber = new(0x0018, 0x1000);

    [Fact]
    public void An_X_Z_sequence_is_removed_and_a_Z_only_or_Type_2_sequence_is_emptied()
    {
        // An empty ReferencedStudySequence is an error for its Type 3 (dciodvfy "Bad Sequence number of Items 0").
        using var h = new EngineHarness();
        var ds = Sample();
        ds.Set(SequenceWithOneItem(ReferencedStudySequence));
        ds.Set(SequenceWithOneItem(VerifyingObserverIdCodeSequence));
        ds.Set(SequenceWithOneItem(AcquisitionContextSequence));

        var (result, output) = h.Run(ds);
        using var file = output!;

        Assert.True(result.IsOk, result.Message);
        Assert.False(file.Dataset.Contains(ReferencedStudySequence));
        Assert.Empty(Assert.IsType<DicomSequence>(file.Dataset.Get(VerifyingObserverIdCodeSequence)).Items);
        Assert.Empty(Assert.IsType<DicomSequence>(file.Dataset.Get(AcquisitionContextSequence)).Items);
    }

    [Fact]
    public void A_removed_value_found_by_chance_in_native_pixel_bytes_does_not_hold_the_file()
    {
        using var h = new EngineHarness();
        var ds = Sample();
        ds.SetString(DeviceSerialNumber, DicomVR.LO, "123456");
        var pixels = PixelsHolding("123456"u8);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, pixels);

        var (result, output) = h.Run(ds);
        using var file = output!;

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(pixels, Assert.IsType<DicomElement>(file.Dataset.Get(DicomTag.PixelData)).Value.ToArray());
        Assert.NotEqual("123456", file.Dataset.GetString(DeviceSerialNumber));
    }

    [Fact]
    public void A_removed_value_found_by_chance_in_compressed_fragments_does_not_hold_the_file()
    {
        // The real RLE CT of issue 11: its removed serial number "123456" occurs inside the compressed frame.
        using var h = new EngineHarness();
        var ds = Sample();
        ds.SetString(DeviceSerialNumber, DicomVR.LO, "123456");
        var fragments = new DicomFragments(DicomTag.PixelData, DicomVR.OB);
        fragments.Fragments.Add(DicomValue.FromBytes(PixelsHolding("123456"u8)));
        ds.Set(fragments);
        var input = h.Write(ds, TransferSyntax.FromUid("1.2.840.10008.1.2.5"));

        var result = h.Engine.Deidentify(input, input + ".out", h.Upload);

        Assert.True(result.IsOk, result.Message);
    }

    [Fact]
    public void The_same_value_outside_pixel_data_still_holds_the_file()
    {
        // The control: a kept binary value is no pixel data, so the removed serial found there is a leak.
        var settings = new DeidSettings { Options = ["RetainSafePrivate"], SafePrivate = ["ACME 1.1:(0029,xx20)"] };
        using var h = new EngineHarness(settings);
        var ds = Sample();
        ds.SetString(DeviceSerialNumber, DicomVR.LO, "123456");
        ds.SetBytes(new DicomTag(0x0029, 0x1020), DicomVR.OB, PixelsHolding("123456"u8));
        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, PixelsHolding("123456"u8));

        var (result, _) = h.Run(ds);

        Assert.Equal(QuarantineReasons.VerificationFailed, result.Reason);
    }

    private static byte[] PixelsHolding(ReadOnlySpan<byte> text)
    {
        var pixels = new byte[256];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)(i * 7);
        }
        text.CopyTo(pixels.AsSpan(100));
        return pixels;
    }

    private static DicomSequence SequenceWithOneItem(DicomTag tag)
    {
        var sequence = new DicomSequence(tag);
        var item = new DicomDataset();
        item.SetString(new DicomTag(0x0008, 0x1150), DicomVR.UI, "1.2.840.10008.3.1.2.3.1");
        item.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, "1.2.3.4.5.100.9");
        sequence.Items.Add(item);
        return sequence;
    }
}
