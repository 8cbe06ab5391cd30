using DropBox.Deidentify.Tests.Engine;
using DropBox.Dicom;
using DropBox.Testing;
using static DropBox.Deidentify.Tests.Pixels.CompressedFrames;

namespace DropBox.Deidentify.Tests.Pixels;

/// <summary>
/// Real frames, compressed by dcmtk from an image written here, with text segments inserted after SOI: after
/// de-identification the text is gone and dcmtk decodes the output to exactly the input's pixels.
/// </summary>
public sealed class JpegDecodeTests : IDisposable
{
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);
    private readonly EngineHarness _harness = new();
    private readonly TempDir _dir = new("dropbox-jpeg-decode");

    public void Dispose()
    {
        _harness.Dispose();
        _dir.Dispose();
    }

    // JPEG-LS is not in the list: dcmtk's bundled CharLS refuses a frame with a COM or APPn segment at all, so
    // there is no decoder here to compare against; its frames are walked like JPEG's (see the test below).
    [ToolTheory("dcmcjpeg", "dcmdjpeg")]
    [InlineData("dcmcjpeg", "+eb", "dcmdjpeg")] // baseline
    [InlineData("dcmcjpeg", "+ee", "dcmdjpeg")] // extended
    [InlineData("dcmcjpeg", "+e1", "dcmdjpeg")] // lossless, first-order prediction
    public void A_frame_with_a_name_in_its_comment_and_exif_segments_decodes_to_the_same_pixels(string compress, string mode, string decompress)
    {
        var native = _dir.Combine("native.dcm");
        new DicomFile(Image(), TransferSyntax.ExplicitVRLittleEndian).Save(native);
        var compressed = _dir.Combine("compressed.dcm");
        Run(compress, mode, native, compressed);
        var input = WithTextSegments(compressed, Com("Zebediah^Quux"), App(1, "Exif\0\0", "Artist Zebediah Quux"));
        var output = _dir.Combine("deidentified.dcm");

        var result = _harness.Engine.Deidentify(input, output, _harness.Upload);

        Assert.True(result.IsOk, result.Message);
        Assert.True(Contains(File.ReadAllBytes(input), "Zebediah"));
        Assert.False(Contains(File.ReadAllBytes(output), "Zebediah"));
        Assert.Equal(FrameLayout(input), FrameLayout(output));
        Run(decompress, input, _dir.Combine("input-decoded.dcm"));
        Run(decompress, output, _dir.Combine("output-decoded.dcm"));
        Assert.Equal(NativePixels(_dir.Combine("input-decoded.dcm")), NativePixels(_dir.Combine("output-decoded.dcm")));
    }

    [ToolFact("dcmcjpls", "dcmdjpls")]
    public void A_jpeg_ls_frame_without_text_segments_comes_out_byte_for_byte()
    {
        var native = _dir.Combine("native.dcm");
        new DicomFile(Image(), TransferSyntax.ExplicitVRLittleEndian).Save(native);
        var compressed = _dir.Combine("compressed.dcm");
        Run("dcmcjpls", "+el", native, compressed); // SOF55 then SOS: walked, nothing to blank
        var output = _dir.Combine("deidentified.dcm");

        var result = _harness.Engine.Deidentify(compressed, output, _harness.Upload);

        Assert.True(result.IsOk, result.Message);
        Assert.Equal(Frame(compressed), Frame(output));
        Run("dcmdjpls", output, _dir.Combine("output-decoded.dcm"));
    }

    /// <summary>A 32x24 8-bit greyscale gradient with a few edges, and the sample's invented PHI.</summary>
    private static DicomDataset Image()
    {
        var dataset = EngineHarness.Sample();
        dataset.SetBytes(new DicomTag(0x0028, 0x0002), DicomVR.US, [1, 0]);
        dataset.SetString(new DicomTag(0x0028, 0x0004), DicomVR.CS, "MONOCHROME2");
        dataset.SetBytes(new DicomTag(0x0028, 0x0010), DicomVR.US, [24, 0]);
        dataset.SetBytes(new DicomTag(0x0028, 0x0011), DicomVR.US, [32, 0]);
        dataset.SetBytes(new DicomTag(0x0028, 0x0100), DicomVR.US, [8, 0]);
        dataset.SetBytes(new DicomTag(0x0028, 0x0101), DicomVR.US, [8, 0]);
        dataset.SetBytes(new DicomTag(0x0028, 0x0102), DicomVR.US, [7, 0]);
        dataset.SetBytes(new DicomTag(0x0028, 0x0103), DicomVR.US, [0, 0]);
        var pixels = Enumerable.Range(0, 32 * 24).Select(i => (byte)(i % 32 * 6 + i / 32 * 3 + (i % 7 == 0 ? 40 : 0))).ToArray();
        dataset.SetBytes(PixelData, DicomVR.OB, pixels);
        return dataset;
    }

    /// <summary>A copy of a compressed file whose single frame has <paramref name="segments"/> inserted after SOI.</summary>
    private string WithTextSegments(string compressed, params byte[][] segments)
    {
        using var file = DicomFile.Open(compressed);
        var pixels = Assert.IsType<DicomFragments>(file.Dataset.Get(PixelData));
        var frame = pixels.Fragments.SelectMany(f => f.ToArray()).ToArray();
        Assert.Equal([0xFF, 0xD8], frame[..2]);
        byte[] inserted = [.. frame[..2], .. segments.SelectMany(s => s), .. frame[2..]];
        if (inserted.Length % 2 == 1)
        {
            inserted = [.. inserted, 0]; // what the writer's padding would add anyway, after EOI
        }
        pixels.Fragments.Clear();
        pixels.Fragments.Add(DicomValue.FromBytes(inserted));
        pixels.OffsetTable = DicomValue.Empty;
        var path = _dir.Combine("with-text.dcm");
        file.Save(path);
        return path;
    }

    private static string FrameLayout(string path)
    {
        using var file = DicomFile.Open(path);
        return JpegLayout(Assert.Single(Assert.IsType<DicomFragments>(file.Dataset.Get(PixelData)).Fragments).ToArray());
    }

    private static byte[] Frame(string path)
    {
        using var file = DicomFile.Open(path);
        return [.. Assert.IsType<DicomFragments>(file.Dataset.Get(PixelData)).Fragments.SelectMany(f => f.ToArray())];
    }

    private static byte[] NativePixels(string path)
    {
        using var file = DicomFile.Open(path);
        return Assert.IsType<DicomElement>(file.Dataset.Get(PixelData)).Value.ToArray();
    }

    private static void Run(string program, params string[] args)
    {
        var result = ProcessRunner.Run(program, args);
        Assert.True(result.ExitCode == 0, result.Describe());
    }
}
