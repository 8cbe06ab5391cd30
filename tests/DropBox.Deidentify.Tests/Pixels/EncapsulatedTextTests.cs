using System.Security.Cryptography;
using DropBox.Deidentify.Tests.Engine;
using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Pixels.CompressedFrames;

namespace DropBox.Deidentify.Tests.Pixels;

/// <summary>The engine cleans the header segments of every kept encapsulated frame, at every nesting level.</summary>
public sealed class EncapsulatedTextTests : IDisposable
{
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
    private static readonly DicomTag ExtendedOffsetTable = new(0x7FE0, 0x0001);
    private static readonly DicomTag ExtendedOffsetTableLengths = new(0x7FE0, 0x0002);
    private static readonly DicomTag IconImageSequence = new(0x0088, 0x0200);

    private readonly EngineHarness _harness = new();
    private int _n;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public void A_name_in_a_jpeg_comment_segment_does_not_travel()
    {
        var frame = Jpeg(Com("Zebediah^Quux"), App(1, "Exif\0\0", "Zebediah Quux"));
        var input = WriteFile(JpegBaseline, Pixels([], frame));

        var (output, bytes) = Deidentify(input);

        Assert.False(Contains(bytes, "Zebediah"));
        var fragments = Assert.IsType<DicomFragments>(output.Dataset.Get(PixelData));
        var written = Assert.Single(fragments.Fragments).ToArray();
        Assert.Equal(frame.Length, written.Length);
        Assert.Equal(JpegLayout(frame), JpegLayout(written));
    }

    [Fact]
    public void The_what_if_plan_says_how_many_segments_were_blanked_in_how_many_frames()
    {
        var input = WriteFile(JpegBaseline, Pixels([], Jpeg(Com("Zebediah"), App(1, "Exif\0\0", "Quux"))));

        var (result, plan) = _harness.Engine.WhatIf(input);

        Assert.True(result.IsOk, result.Message);
        Assert.Contains(("(7FE0,0010)", "keep; 2 text segments blanked in 1 frame (APP1, COM)"), plan);
    }

    [Fact]
    public void A_multi_frame_file_keeps_a_valid_basic_offset_table_and_every_frame_is_cleaned()
    {
        var frames = Enumerable.Range(1, 3).Select(i => Jpeg(Com($"Zebediah frame {i}"))).ToArray();
        var table = new byte[12];
        BitConverter.TryWriteBytes(table.AsSpan(4), 8 + frames[0].Length);
        BitConverter.TryWriteBytes(table.AsSpan(8), 16 + frames[0].Length + frames[1].Length);
        var input = WriteFile(JpegBaseline, Pixels(table, frames), numberOfFrames: 3);

        var (output, bytes) = Deidentify(input);

        Assert.False(Contains(bytes, "Zebediah"));
        var fragments = Assert.IsType<DicomFragments>(output.Dataset.Get(PixelData));
        Assert.Equal(table, fragments.OffsetTable.ToArray());
        Assert.Equal(frames.Select(f => f.Length), fragments.Fragments.Select(f => (int)f.Length));
        Assert.All(fragments.Fragments, f => Assert.Equal([0xFF, 0xD8, 0xFF, 0xFE], f.ToArray()[..4]));
    }

    [Fact]
    public void An_extended_offset_table_stays_valid()
    {
        var frames = new[] { Jpeg(Com("Zebediah one")), Jpeg(Com("Zebediah two")) };
        var dataset = Pixels([], frames);
        var offsets = new byte[16];
        BitConverter.TryWriteBytes(offsets.AsSpan(8), (ulong)(8 + frames[0].Length));
        var lengths = new byte[16];
        BitConverter.TryWriteBytes(lengths.AsSpan(0), (ulong)frames[0].Length);
        BitConverter.TryWriteBytes(lengths.AsSpan(8), (ulong)frames[1].Length);
        dataset.SetBytes(ExtendedOffsetTable, DicomVR.OV, offsets);
        dataset.SetBytes(ExtendedOffsetTableLengths, DicomVR.OV, lengths);

        var (output, bytes) = Deidentify(WriteFile(JpegBaseline, dataset, numberOfFrames: 2));

        Assert.False(Contains(bytes, "Zebediah"));
        Assert.Equal(offsets, Assert.IsType<DicomElement>(output.Dataset.Get(ExtendedOffsetTable)).Value.ToArray());
        Assert.Equal(lengths, Assert.IsType<DicomElement>(output.Dataset.Get(ExtendedOffsetTableLengths)).Value.ToArray());
        var fragments = Assert.IsType<DicomFragments>(output.Dataset.Get(PixelData));
        Assert.Equal(frames.Select(f => (long)f.Length), fragments.Fragments.Select(f => f.Length));
    }

    [Fact]
    public void A_frame_spanning_two_fragments_is_cleaned_across_the_cut()
    {
        var frame = Jpeg(Com("Zebediah^Quux"));
        var input = WriteFile(JpegBaseline, Pixels([], frame[..12], frame[12..]));

        var (output, bytes) = Deidentify(input);

        Assert.False(Contains(bytes, "Zebediah"));
        Assert.False(Contains(bytes, "Quux"));
        var fragments = Assert.IsType<DicomFragments>(output.Dataset.Get(PixelData));
        Assert.Equal([12L, frame.Length - 12], fragments.Fragments.Select(f => f.Length));
    }

    [Fact]
    public void A_large_frame_left_in_the_source_is_patched_while_it_is_copied()
    {
        // 3 MiB of entropy-coded filler: over the reader's in-memory threshold, so the fragment stays in the file.
        var header = Jpeg(Com("Zebediah^Quux"));
        var sos = header.AsSpan().IndexOf((byte[])[0xFF, 0xDA]) + 10;
        var filler = new byte[(3 << 20) + sos % 2];
        new Random(7).NextBytes(filler);
        for (var i = 0; i < filler.Length; i++)
        {
            filler[i] = filler[i] == 0xFF ? (byte)0xFE : filler[i];
        }
        byte[] frame = [.. header[..sos], .. filler, 0xFF, 0xD9];
        var input = WriteFile(JpegBaseline, Pixels([], frame));

        var (output, bytes) = Deidentify(input);

        Assert.False(Contains(bytes, "Zebediah"));
        var written = Assert.Single(Assert.IsType<DicomFragments>(output.Dataset.Get(PixelData)).Fragments).ToArray();
        Assert.Equal(frame.Length, written.Length);
        Assert.Equal(SHA256.HashData(frame.AsSpan(sos)), SHA256.HashData(written.AsSpan(sos)));
    }

    [Fact]
    public void An_icon_image_inside_a_sequence_is_cleaned_too()
    {
        var icon = Pixels([], Jpeg(Com("Zebediah icon")));
        icon.Remove(EngineHarness.PatientName);
        var dataset = Pixels([], Jpeg(Com("Quux main")));
        var sequence = new DicomSequence(IconImageSequence);
        var item = new DicomDataset();
        item.Set(icon.Get(PixelData)!);
        sequence.Items.Add(item);
        dataset.Set(sequence);

        var (_, bytes) = Deidentify(WriteFile(JpegBaseline, dataset));

        Assert.False(Contains(bytes, "Zebediah"));
        Assert.False(Contains(bytes, "Quux main"));
    }

    [Fact]
    public void A_malformed_frame_is_left_as_it_is_and_the_plan_says_so()
    {
        var frame = Jpeg(Com("free text"));
        frame[4] = 0xF0; // the comment's length now runs past the end of the frame
        var input = WriteFile(JpegBaseline, Pixels([], frame));

        var (output, _) = Deidentify(input);
        var (_, plan) = _harness.Engine.WhatIf(input);

        Assert.Equal(frame, Assert.Single(Assert.IsType<DicomFragments>(output.Dataset.Get(PixelData)).Fragments).ToArray());
        var pixels = Assert.Single(plan, p => p.Path == "(7FE0,0010)");
        Assert.StartsWith("keep; 1 frame not walked, kept unchanged (frame 1: the FFFE segment at byte 2 declares", pixels.Action);
    }

    [Fact]
    public void A_name_in_a_jpeg_2000_comment_does_not_travel()
    {
        var input = WriteFile(Jpeg2000, Pixels([], J2k([J2kCom("Zebediah^Quux")], [J2kCom("Quux tile")])));

        var (_, bytes) = Deidentify(input);

        Assert.False(Contains(bytes, "Zebediah"));
        Assert.False(Contains(bytes, "Quux tile"));
    }

    private static DicomDataset Pixels(byte[] offsetTable, params byte[][] fragments)
    {
        var dataset = EngineHarness.Sample();
        var pixels = new DicomFragments(PixelData, DicomVR.OB) { OffsetTable = DicomValue.FromBytes(offsetTable) };
        pixels.Fragments.AddRange(fragments.Select(DicomValue.FromBytes));
        dataset.Set(pixels);
        return dataset;
    }

    private string WriteFile(string transferSyntax, DicomDataset dataset, int numberOfFrames = 1)
    {
        dataset.SetString(new DicomTag(0x0028, 0x0008), DicomVR.IS, numberOfFrames.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var path = _harness.Folder($"in-{Interlocked.Increment(ref _n)}.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        new DicomFile(dataset, TransferSyntax.FromUid(transferSyntax)).Save(path);
        return path;
    }

    private (DicomFile Output, byte[] Bytes) Deidentify(string input)
    {
        var output = _harness.Folder($"out-{_n}.dcm");
        var result = _harness.Engine.Deidentify(input, output, _harness.Upload);
        Assert.True(result.IsOk, result.Message);
        var bytes = File.ReadAllBytes(output);
        return (DicomFile.Open(new MemoryStream(bytes)), bytes);
    }
}
