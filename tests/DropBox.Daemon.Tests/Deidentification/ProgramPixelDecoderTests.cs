using DropBox.Daemon.Deidentification;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Deidentification;

public sealed class ProgramPixelDecoderTests : IDisposable
{
    private const int Rows = 16, Columns = 20, Frames = 2;
    private readonly TempDir _dir = new("dbx-pixel-decoder");

    public void Dispose() => _dir.Dispose();

    /// <summary>A two-frame 8-bit grey secondary capture with seeded noise, written by the codec.</summary>
    private (string Path, byte[] Pixels) Native()
    {
        var pixels = new byte[Rows * Columns * Frames];
        new Random(5).NextBytes(pixels);
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.7");
        ds.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.3.4.5.6.7");
        ds.SetBytes(new DicomTag(0x0028, 0x0002), DicomVR.US, [1, 0]);
        ds.SetString(new DicomTag(0x0028, 0x0004), DicomVR.CS, "MONOCHROME2");
        ds.SetString(new DicomTag(0x0028, 0x0008), DicomVR.IS, "2");
        ds.SetBytes(new DicomTag(0x0028, 0x0010), DicomVR.US, [Rows, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0011), DicomVR.US, [Columns, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0100), DicomVR.US, [8, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0101), DicomVR.US, [8, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0102), DicomVR.US, [7, 0]);
        ds.SetBytes(new DicomTag(0x0028, 0x0103), DicomVR.US, [0, 0]);
        ds.SetBytes(new DicomTag(0x7FE0, 0x0010), DicomVR.OB, pixels);
        var path = _dir.Combine("native.dcm");
        new DicomFile(ds, TransferSyntax.ExplicitVRLittleEndian).Save(path);
        return (path, pixels);
    }

    private string Compressed(string native, string program, params string[] options)
    {
        var output = _dir.Combine($"{program}-{Guid.NewGuid():N}.dcm");
        var result = ProcessRunner.Run(program, [.. options, native, output]);
        Assert.True(result.ExitCode == 0, result.Describe());
        return output;
    }

    [ToolTheory("gdcmconv", "dcmdjpeg", "dcmdrle", "dcmcjpeg", "dcmcrle")]
    [InlineData(PixelDecoders.Gdcmconv, "dcmcjpeg", "+e1", "1.2.840.10008.1.2.4.70")]
    [InlineData(PixelDecoders.Dcmtk, "dcmcjpeg", "+e1", "1.2.840.10008.1.2.4.70")]
    [InlineData(PixelDecoders.Gdcmconv, "dcmcrle", null, "1.2.840.10008.1.2.5")]
    [InlineData(PixelDecoders.Dcmtk, "dcmcrle", null, "1.2.840.10008.1.2.5")]
    public void A_lossless_file_decodes_to_explicit_little_endian_with_the_original_pixels(string decoder, string compressor, string? option, string syntax)
    {
        var (native, pixels) = Native();
        var input = Compressed(native, compressor, option is null ? [] : [option]);
        var output = _dir.Combine("decoded.dcm");

        var failure = new ProgramPixelDecoder(decoder, TimeProvider.System).Decode(input, syntax, output, CancellationToken.None);

        Assert.Null(failure);
        using var decoded = DicomFile.Open(output);
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian.Uid, decoded.TransferSyntax.Uid);
        Assert.Equal(pixels, ((DicomElement)decoded.Dataset.Get(new DicomTag(0x7FE0, 0x0010))!).Value.ToArray());
    }

    [ToolTheory("gdcmconv", "dcmdjpeg")]
    [InlineData(PixelDecoders.Gdcmconv)]
    [InlineData(PixelDecoders.Dcmtk)]
    public void A_file_the_program_cannot_decode_gives_the_program_and_exit_code_and_no_output(string decoder)
    {
        var input = _dir.Combine("broken.dcm");
        File.WriteAllBytes(input, [.. new byte[128], .. "DICM"u8.ToArray(), 1, 2, 3]);
        var output = _dir.Combine("decoded.dcm");

        var failure = new ProgramPixelDecoder(decoder, TimeProvider.System).Decode(input, "1.2.840.10008.1.2.4.50", output, CancellationToken.None);

        Assert.Matches("^(gdcmconv|dcmdjpeg) exited with code [1-9][0-9]*$", failure);
    }

    [Fact]
    public void Dcmtk_names_jpeg_2000_as_a_syntax_it_does_not_decode_and_points_to_gdcmconv()
    {
        var failure = new ProgramPixelDecoder(PixelDecoders.Dcmtk, TimeProvider.System)
            .Decode(_dir.Combine("in.dcm"), "1.2.840.10008.1.2.4.90", _dir.Combine("out.dcm"), CancellationToken.None);

        Assert.Equal("dcmtk decodes no transfer syntax 1.2.840.10008.1.2.4.90; PixelDecoder gdcmconv does", failure);
    }

    [Fact]
    public void Check_names_a_missing_ocr_program_and_decoder_only_when_clean_pixel_data_is_on()
    {
        var missing = new DeidSettings { OcrPath = "/nonexistent/tesseract", PixelDecoder = PixelDecoders.Gdcmconv };
        Assert.Empty(PixelCleaningWiring.CheckPrograms(missing));

        missing.Options = ["CleanPixelData"];
        var problems = PixelCleaningWiring.CheckPrograms(missing).ToList();

        Assert.Contains(problems, p => p.StartsWith("Deidentify.OcrPath:", StringComparison.Ordinal) && p.Contains("/nonexistent/tesseract", StringComparison.Ordinal));
        Assert.Equal(Tools.IsAvailable("gdcmconv") ? 0 : 1, problems.Count(p => p.StartsWith("Deidentify.PixelDecoder:", StringComparison.Ordinal)));
    }
}
