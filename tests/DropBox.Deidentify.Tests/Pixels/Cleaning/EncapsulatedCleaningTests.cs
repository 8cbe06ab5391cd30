using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Deidentify.Quarantine;
using DropBox.Deidentify.Tests.Engine;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Deidentify.Tests.Pixels.Cleaning;

public sealed class EncapsulatedCleaningTests
{
    private static readonly PixelFormat Grey = new(1, 8, 8, false, false, PixelLayout.Monochrome2, Frames: 2);
    private static readonly PixelRegion Band = new(0, 0, PixelFixtures.Columns, 6);
    private static readonly PixelRegion Name = new(2, 1, 20, 4);
    private static readonly DicomTag LossyImageCompression = new(0x0028, 0x2110);

    /// <summary>dcmtk's dcmdjpeg as the caller's decoder (the daemon's own runs through its process runner).</summary>
    private sealed class DcmdjpegDecoder : IPixelDecoder
    {
        public int Calls { get; private set; }

        public string? Decode(string inputPath, string transferSyntaxUid, string outputPath, CancellationToken cancellationToken)
        {
            Calls++;
            var result = ProcessRunner.Run("dcmdjpeg", [inputPath, outputPath]);
            return result.ExitCode == 0 ? null : $"dcmdjpeg exited with code {result.ExitCode}";
        }
    }

    private sealed class FailingDecoder : IPixelDecoder
    {
        public string? Decode(string inputPath, string transferSyntaxUid, string outputPath, CancellationToken cancellationToken) =>
            "test decoder exited with code 1";
    }

    private static byte[] Frames()
    {
        var pixels = new byte[PixelFixtures.Rows * PixelFixtures.Columns * Grey.Frames];
        var random = new Random(3);
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)random.Next(0, 151);
        }
        var frameLength = PixelFixtures.Rows * PixelFixtures.Columns;
        for (var f = 0; f < Grey.Frames; f++)
        {
            for (var y = Name.Y; y < Name.Y + Name.Height; y++)
            {
                Array.Fill(pixels, (byte)255, (f * frameLength) + (y * PixelFixtures.Columns) + Name.X, Name.Width);
            }
            pixels[((f + 1) * frameLength) - 1] = (byte)(10 * (f + 1));
        }
        return pixels;
    }

    private static EngineHarness Harness(IPixelDecoder? decoder) => new(
        new DeidSettings { Options = ["CleanPixelData"] },
        new PixelCleaningServices(new FixedRules("band", Band), new LitPixelReader(new LitPixelReader.Word(Name, "Zebediah")), new WordSpotter("Zebediah"), decoder));

    private static string Compress(EngineHarness h, byte[] pixels, params string[] options)
    {
        var native = h.Write(PixelFixtures.Image(Grey, pixels));
        var compressed = native + ".jpeg.dcm";
        var result = ProcessRunner.Run("dcmcjpeg", [.. options, native, compressed]);
        Assert.True(result.ExitCode == 0, result.Describe());
        return compressed;
    }

    [ToolFact("dcmcjpeg", "dcmdjpeg")]
    public void A_lossless_jpeg_file_is_decoded_cleaned_and_written_uncompressed_with_only_the_band_changed()
    {
        var decoder = new DcmdjpegDecoder();
        using var h = Harness(decoder);
        var pixels = Frames();
        var input = Compress(h, pixels, "+e1");

        var (result, output) = h.RunFile(input);

        Assert.True(result.IsOk, result.Message);
        using (output)
        {
            Assert.Equal(TransferSyntax.ExplicitVRLittleEndian.Uid, output!.TransferSyntax.Uid);
            var expected = (byte[])pixels.Clone();
            for (var f = 0; f < Grey.Frames; f++)
            {
                Array.Fill(expected, (byte)0, f * PixelFixtures.Rows * PixelFixtures.Columns, Band.Height * PixelFixtures.Columns);
            }
            Assert.Equal(expected, ((DicomElement)output.Dataset.Get(PixelCleaningStep.PixelDataTag)!).Value.ToArray());
            Assert.Equal("NO", output.Dataset.GetString(EngineHarness.BurnedIn));
        }
        Assert.Equal(1, decoder.Calls);
        Assert.Empty(Directory.EnumerateFiles(h.Folder("out"), ".pixels-*", SearchOption.AllDirectories)); // the decoded copy is gone
    }

    [ToolFact("dcmcjpeg", "dcmdjpeg", "dcmdump")]
    public void A_lossy_baseline_jpeg_keeps_lossy_image_compression_as_it_was_and_reads_back_uncompressed_in_dcmtk()
    {
        using var h = Harness(new DcmdjpegDecoder());
        var input = Compress(h, Frames(), "+eb");
        string? lossyBefore;
        using (var compressed = DicomFile.Open(input))
        {
            lossyBefore = compressed.Dataset.GetString(LossyImageCompression);
        }

        var (result, output) = h.RunFile(input);

        Assert.True(result.IsOk, result.Message);
        output!.Dispose();
        Assert.Equal("01", lossyBefore);
        var dump = ProcessRunner.Run("dcmdump", ["-dc", "+P", "0002,0010", "+P", "0028,2110", "+P", "0028,0301", result.OutputPath!]);
        Assert.True(dump.ExitCode == 0, dump.Describe());
        Assert.Contains("=LittleEndianExplicit", dump.StdOut, StringComparison.Ordinal);
        Assert.Contains("(0028,2110) CS [01]", dump.StdOut, StringComparison.Ordinal);
        Assert.Contains("(0028,0301) CS [NO]", dump.StdOut, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Compressed_pixels_that_cannot_be_decoded_are_quarantined_as_burned_in_annotation(bool hasDecoder)
    {
        using var h = Harness(hasDecoder ? new FailingDecoder() : null);
        var ds = PixelFixtures.Image(Grey, []);
        var fragments = new DicomFragments(PixelCleaningStep.PixelDataTag, DicomVR.OB);
        fragments.Fragments.Add(DicomValue.FromBytes([0xFF, 0xD8, 0xFF, 0xDB, 1, 2, 3, 4]));
        ds.Set(fragments);
        var input = h.Write(ds, TransferSyntax.FromUid("1.2.840.10008.1.2.4.50"));

        var (result, output) = h.RunFile(input);

        Assert.Null(output);
        Assert.Equal(QuarantineReasons.BurnedInAnnotation, result.Reason);
        Assert.Contains(hasDecoder ? "could not be decoded (test decoder exited with code 1)" : "no decoder is available", result.Message, StringComparison.Ordinal);
    }
}
