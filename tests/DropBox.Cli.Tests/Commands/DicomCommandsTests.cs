using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

/// <summary>The `dropbox dicom` verbs as a user sees them: run as a real process, judged by exit code and output.</summary>
public sealed class DicomCommandsTests
{
    [CorpusFact]
    public void Dump_prints_a_PatientName_line_with_the_name()
    {
        var result = DropBoxCli.Run("dicom", "dump", RepoPaths.CorpusFile("real/pydicom/CT_small.dcm"));

        Assert.True(result.ExitCode == 0, result.Describe());
        var line = Assert.Single(result.StdOutLines, l => l.StartsWith("(0010,0010) PN", StringComparison.Ordinal));
        Assert.Contains("CompressedSamples^CT1", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Rewrite_of_a_file_that_is_not_DICOM_exits_1_with_a_message_naming_the_path()
    {
        using var tmp = new TempDir();
        var notDicom = tmp.WriteFile("notes.txt", "This is a plain text file, not a DICOM dataset.\n");

        var result = DropBoxCli.Run("dicom", "rewrite", notDicom, tmp.Combine("out.dcm"));

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains(notDicom, result.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.StdErr, StringComparison.Ordinal); // a message, not a stack trace
        Assert.False(File.Exists(tmp.Combine("out.dcm")), "a refused file must not leave an output behind");
    }

    [Theory]
    [InlineData("dicom", "rewrite")]
    [InlineData("dicom", "rewrite", "only-one-argument.dcm")]
    [InlineData("dicom", "dump")]
    public void Missing_arguments_exit_2_with_a_usage_message(params string[] args)
    {
        var result = DropBoxCli.Run(args);

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.NotEmpty(result.StdErrLines);
    }
}
