using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

public sealed class DeidCleanPixelDataTests
{
    [CorpusFact("tesseract", "dcmdump")]
    public void Deid_with_clean_pixel_data_writes_the_burned_in_ultrasound_cleaned_with_burned_in_annotation_no_and_code_113101()
    {
        using var dir = new TempDir();
        var input = Path.Combine(RepoPaths.RequireCorpus(), "synthetic", "syn07_us_rgb_burned_in_annotation.dcm");

        var result = DropBoxCli.Run(["deid", input, dir.Combine("out"), "--option", "CleanPixelData", "--state", dir.Combine("state")], TimeSpan.FromMinutes(2));

        Assert.True(result.ExitCode == 0, result.Describe());
        var output = Assert.Single(Directory.GetFiles(dir.Combine("out"), "*.dcm", SearchOption.AllDirectories));
        var dump = ProcessRunner.Run("dcmdump", ["-dc", "+P", "0028,0301", "+P", "0008,0100", output]);
        Assert.Contains("(0028,0301) CS [NO]", dump.StdOut, StringComparison.Ordinal);
        Assert.Contains("(0008,0100) SH [113101]", dump.StdOut, StringComparison.Ordinal);
    }

    [CorpusFact]
    public void Without_the_option_the_same_file_is_still_quarantined_as_burned_in_annotation()
    {
        using var dir = new TempDir();
        var input = Path.Combine(RepoPaths.RequireCorpus(), "synthetic", "syn07_us_rgb_burned_in_annotation.dcm");

        var result = DropBoxCli.Run(["deid", input, dir.Combine("out"), "--state", dir.Combine("state")], TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode == 3, result.Describe());
        Assert.Contains(result.StdErrLines, l => l.Contains(": burned-in-annotation: ", StringComparison.Ordinal));
    }
}
