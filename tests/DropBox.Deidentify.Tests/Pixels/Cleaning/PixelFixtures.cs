using System.Buffers.Binary;
using System.Collections.Concurrent;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Dicom;

namespace DropBox.Deidentify.Tests.Pixels.Cleaning;

/// <summary>One native pixel format under test: the Image Pixel module's values.</summary>
public sealed record PixelFormat(int Samples, int BitsAllocated, int BitsStored, bool Signed, bool Planar, string Photometric, int Frames = 2)
{
    public override string ToString() =>
        $"{Photometric} {Samples}x{BitsAllocated}/{BitsStored}{(Signed ? " signed" : "")}{(Planar ? " planar" : "")} {Frames}f";
}

/// <summary>Builds image datasets with invented header values and seeded noise as pixels.</summary>
internal static class PixelFixtures
{
    public const string UltrasoundMultiFrame = "1.2.840.10008.5.1.4.1.1.3.1";
    public const int Rows = 24, Columns = 32;

    public static DicomDataset Image(PixelFormat format, byte[] pixels, string sopClass = UltrasoundMultiFrame)
    {
        var ds = Engine.EngineHarness.Sample();
        ds.SetString(Engine.EngineHarness.SopClass, DicomVR.UI, sopClass);
        ds.SetBytes(PixelLayout.SamplesPerPixelTag, DicomVR.US, Us(format.Samples));
        ds.SetString(PixelLayout.PhotometricTag, DicomVR.CS, format.Photometric);
        if (format.Samples == 3)
        {
            ds.SetBytes(PixelLayout.PlanarConfigurationTag, DicomVR.US, Us(format.Planar ? 1 : 0));
        }
        ds.SetString(PixelLayout.NumberOfFramesTag, DicomVR.IS, format.Frames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ds.SetBytes(PixelLayout.RowsTag, DicomVR.US, Us(Rows));
        ds.SetBytes(PixelLayout.ColumnsTag, DicomVR.US, Us(Columns));
        ds.SetBytes(PixelLayout.BitsAllocatedTag, DicomVR.US, Us(format.BitsAllocated));
        ds.SetBytes(PixelLayout.BitsStoredTag, DicomVR.US, Us(format.BitsStored));
        ds.SetBytes(PixelLayout.HighBitTag, DicomVR.US, Us(format.BitsStored - 1));
        ds.SetBytes(PixelLayout.PixelRepresentationTag, DicomVR.US, Us(format.Signed ? 1 : 0));
        ds.SetBytes(PixelCleaningStep.PixelDataTag, format.BitsAllocated == 8 ? DicomVR.OB : DicomVR.OW, pixels);
        return ds;
    }

    /// <summary>Seeded noise of the format's whole size (high bits included, as real devices leave them).</summary>
    public static byte[] Noise(PixelFormat format, int seed = 7)
    {
        var perPixel = format.Photometric == PixelLayout.YbrFull422 ? 2 : format.Samples;
        var bytes = new byte[Rows * Columns * perPixel * (format.BitsAllocated / 8) * format.Frames];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static PixelLayout LayoutOf(PixelFormat format, byte[] pixels) =>
        PixelLayout.Of(Image(format, pixels), bigEndian: false, pixels.Length, out var problem) ?? throw new InvalidOperationException(problem);

    private static byte[] Us(int value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
        return bytes;
    }
}

/// <summary>
/// An OCR stand-in that "reads" a word wherever its box still has an ink pixel (grey 200 or more) in the rendered frame, so
/// blanking really makes it disappear. A word may be missed on a frame's first reading (OCR is not repeatable):
/// <see cref="Word.FromRead"/> 2 is seen only when that frame is read again. Frames are told apart by the grey value of
/// their last (bottom-right) pixel.
/// </summary>
internal sealed class LitPixelReader(params LitPixelReader.Word[] words) : IFrameTextReader
{
    private readonly ConcurrentDictionary<byte, int> _reads = new();

    public sealed record Word(PixelRegion Box, string Text, int FromRead = 1, int? OnlyFrameMarker = null);

    public int Reads => _reads.Values.Sum();

    public IReadOnlyList<FoundText> Read(FrameImage frame, CancellationToken cancellationToken)
    {
        var marker = frame.Pixels[^1];
        var read = _reads.AddOrUpdate(marker, 1, (_, n) => n + 1);
        var found = new List<FoundText>();
        foreach (var word in words)
        {
            if (read >= word.FromRead && (word.OnlyFrameMarker is null || word.OnlyFrameMarker == marker) && Lit(frame, word.Box))
            {
                found.Add(new FoundText(word.Box, word.Text, 90));
            }
        }
        return found;
    }

    private static bool Lit(FrameImage frame, PixelRegion box)
    {
        for (var y = Math.Max(0, box.Y); y < Math.Min(frame.Height, box.Y + box.Height); y++)
        {
            for (var x = Math.Max(0, box.X); x < Math.Min(frame.Width, box.X + box.Width); x++)
            {
                for (var c = 0; c < frame.SamplesPerPixel; c++)
                {
                    if (frame.Pixels[((y * frame.Width) + x) * frame.SamplesPerPixel + c] >= 200)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}

/// <summary>A spotter that knows a fixed set of words, case-insensitive.</summary>
internal sealed class WordSpotter(params string[] identifying) : IIdentifierSpotter, IIdentifierSpotterFactory
{
    /// <summary>The Patient Name of the header the spotter was built from, read when it was built.</summary>
    public string? SeenPatientName { get; private set; }

    public bool IsIdentifying(string word) => identifying.Contains(word, StringComparer.OrdinalIgnoreCase);

    public IIdentifierSpotter For(DicomDataset originalHeader)
    {
        SeenPatientName = originalHeader.GetString(new DicomTag(0x0010, 0x0010));
        return this;
    }
}

/// <summary>Rules that give every file the same rectangles under one rule name.</summary>
internal sealed class FixedRules(string name, params PixelRegion[] regions) : IPixelRegionRules
{
    public RegionMatch Match(DicomDataset dataset) => new(regions, [name]);
}
