using System.CommandLine;
using DropBox.Dicom;

namespace DropBox.Cli.Tests;

public sealed class DicomRewriteCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dropbox-cli-dicom-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static int Run(params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(DicomCommands.Create());
        return CliRunner.Run(root, args);
    }

    [Fact]
    public void Make_sample_then_rewrite_gives_an_identical_file()
    {
        var sample = Path.Combine(_dir, "sample.dcm");
        var rewritten = Path.Combine(_dir, "rewritten.dcm");
        Assert.Equal(0, Run("dicom", "make-sample", sample, "--seed", "5"));
        Assert.Equal(0, Run("dicom", "rewrite", sample, rewritten));
        Assert.Equal(File.ReadAllBytes(sample), File.ReadAllBytes(rewritten));
        using var file = DicomFile.Open(rewritten);
        Assert.Equal("SAMPLE^PATIENT", file.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
    }

    [Fact]
    public void Rewriting_something_that_is_not_dicom_exits_1()
    {
        var text = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(text, "not an image, just some words in a text file");
        Assert.Equal(1, Run("dicom", "rewrite", text, Path.Combine(_dir, "out.dcm")));
    }

    [Fact]
    public void Folder_mode_rewrites_the_layout_skips_non_dicom_and_exits_1()
    {
        var input = Directory.CreateDirectory(Path.Combine(_dir, "in", "series")).Parent!.FullName;
        Assert.Equal(0, Run("dicom", "make-sample", Path.Combine(input, "series", "a.dcm"), "--syntax", "implicit"));
        Assert.Equal(0, Run("dicom", "make-sample", Path.Combine(input, "b.dcm"), "--syntax", "deflated"));
        File.WriteAllText(Path.Combine(input, "readme.txt"), "this is not DICOM at all, only text");
        var output = Path.Combine(_dir, "out");
        Assert.Equal(1, Run("dicom", "rewrite", input, output, "--jobs", "2"));
        Assert.True(File.Exists(Path.Combine(output, "series", "a.dcm")));
        Assert.True(File.Exists(Path.Combine(output, "b.dcm")));
        Assert.False(File.Exists(Path.Combine(output, "readme.txt")));
    }

    [Fact]
    public void Dump_lists_elements_and_exits_0()
    {
        var sample = Path.Combine(_dir, "sample.dcm");
        Assert.Equal(0, Run("dicom", "make-sample", sample, "--syntax", "big-endian"));
        Assert.Equal(0, Run("dicom", "dump", sample));
    }
}
