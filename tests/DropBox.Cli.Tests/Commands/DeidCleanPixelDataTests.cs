using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

public sealed class DeidCleanPixelDataTests
{
    [CorpusFact]
    public void Deid_accepts_the_clean_pixel_data_option_and_without_an_ocr_reader_holds_the_burned_in_file_saying_so()
    {
        using var dir = new TempDir();
        var input = Path.Combine(RepoPaths.RequireCorpus(), "synthetic", "syn07_us_rgb_burned_in_annotation.dcm");

        var result = DropBoxCli.Run(["deid", input, dir.Combine("out"), "--option", "CleanPixelData", "--state", dir.Combine("state")], TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 3, result.Describe());
        Assert.Contains(result.StdErrLines, l => l.Contains("burned-in-annotation: CleanPixelData is on but OCR is not available", StringComparison.Ordinal));
        Assert.False(Directory.Exists(dir.Combine("out")) && Directory.EnumerateFiles(dir.Combine("out"), "*", SearchOption.AllDirectories).Any());
    }
}
