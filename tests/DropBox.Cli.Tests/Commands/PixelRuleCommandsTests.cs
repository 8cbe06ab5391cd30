using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

/// <summary>`dropbox pixel-rules …` run as a real process, judged by exit code, output and the files it writes.</summary>
public sealed class PixelRuleCommandsTests
{
    private static string CtpLayoutScript => Path.Combine(
        RepoPaths.RepoRoot, "tests", "DropBox.Deidentify.Tests", "Pixels", "Rules", "Fixtures", "ctp-layout.script");

    [Fact]
    public void Check_of_a_file_with_errors_exits_1_and_names_the_line_and_column_of_each()
    {
        using var tmp = new TempDir();
        var path = tmp.WriteFile("site.rules", "a\n{ Manufactrer.contains(\"A\") }\n(0,0,1,1)\nb\n{ Rows.equals(\"1\") }\n(0,0,1)\n");

        var result = DropBoxCli.Run("pixel-rules", "check", path);

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains($"{path}:2:3: unknown keyword 'Manufactrer': did you mean 'Manufacturer'?", result.StdErr, StringComparison.Ordinal);
        Assert.Contains($"{path}:6:1: '(0,0,1)' is not a region", result.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_of_good_files_exits_0_and_counts_their_rules()
    {
        using var tmp = new TempDir();
        var path = tmp.WriteFile("site.rules", "a\n{ Rows.equals(\"1\") }\n(0,0,1,1) (0,5,1,1)\n");

        var result = DropBoxCli.Run("pixel-rules", "check", path, CtpLayoutScript);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains($"{path}: valid, 1 rule(s), 2 region(s)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains($"{CtpLayoutScript}: valid, 6 rule(s)", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_without_output_confirms_a_ctp_script_reads_as_it_is()
    {
        var result = DropBoxCli.Run("pixel-rules", "import", CtpLayoutScript);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("reads as it is: 6 rule(s), 8 region(s)", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("CTP blanks only the first", result.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Import_with_output_writes_a_new_dropbox_file_that_checks_clean_and_will_not_overwrite_it()
    {
        using var tmp = new TempDir();
        var output = tmp.Combine("imported.rules");

        var first = DropBoxCli.Run("pixel-rules", "import", CtpLayoutScript, "--output", output);
        var check = DropBoxCli.Run("pixel-rules", "check", output);
        var before = File.ReadAllText(output);
        var again = DropBoxCli.Run("pixel-rules", "import", CtpLayoutScript, "--output", output);

        Assert.True(first.ExitCode == 0, first.Describe());
        Assert.StartsWith("# Imported from ctp-layout.script", before, StringComparison.Ordinal);
        Assert.True(check.ExitCode == 0, check.Describe());
        Assert.Contains("valid, 6 rule(s), 8 region(s)", check.StdOut, StringComparison.Ordinal);
        Assert.True(again.ExitCode == 1, again.Describe());
        Assert.Contains("exists", again.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllText(output));
        Assert.Single(Directory.GetFiles(tmp.Path)); // no partial file left behind
    }

    [Fact]
    public void Import_of_a_script_with_lines_it_cannot_read_exits_1_and_writes_nothing()
    {
        using var tmp = new TempDir();
        var script = tmp.WriteFile("bad.script", "GE\n  { [0008,0070].containsIgnoreCase(\"GE\") * }\n  (0,0,640,40)\n");
        var output = tmp.Combine("out.rules");

        var result = DropBoxCli.Run("pixel-rules", "import", script, "--output", output);

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains($"{script}:2:44: expected a term", result.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public void Builtin_prints_a_library_that_checks_clean()
    {
        using var tmp = new TempDir();

        var printed = DropBoxCli.Run("pixel-rules", "builtin");
        var path = tmp.WriteFile("builtin.rules", printed.StdOut);
        var check = DropBoxCli.Run("pixel-rules", "check", path);

        Assert.True(printed.ExitCode == 0, printed.Describe());
        Assert.Contains("LOGIQ9", printed.StdOut, StringComparison.Ordinal);
        Assert.True(check.ExitCode == 0, check.Describe());
    }

    [Fact]
    public void Match_lists_the_rules_and_regions_for_a_file_and_no_header_value()
    {
        using var tmp = new TempDir();
        var dicom = tmp.Combine("mr.dcm");
        var made = DropBoxCli.Run("dicom", "make-sample", dicom, "--size", "480", "--syntax", "big-endian");
        var rules = tmp.WriteFile("site.rules", "Sample MR\n{ Modality.equals(\"MR\") * Rows.equals(\"480\") }\n(0,0,480,20)\n");

        var result = DropBoxCli.Run("pixel-rules", "match", dicom, "--rules", rules);
        var none = DropBoxCli.Run("pixel-rules", "match", dicom);

        Assert.True(made.ExitCode == 0, made.Describe());
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal([$"rule Sample MR ({rules}:2)", "regions (0,0,480,20)"], result.StdOutLines);
        Assert.True(none.ExitCode == 0, none.Describe());
        Assert.Equal(["no rule matches"], none.StdOutLines);
    }
}
