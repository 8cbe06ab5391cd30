using DropBox.Testing;

namespace DropBox.Cli.Tests;

public sealed class VerbsTests
{
    [Fact]
    public void A_command_line_that_starts_with_a_verb_builds_that_verb_alone()
    {
        var built = Verbs.For(["deid", "in", "out", "--jobs", "1"], TimeProvider.System).ToList();

        Assert.Equal(["deid"], built.Select(c => c.Name));
        Assert.Contains(built[0].Options, o => o.Name == "--keep-names");
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("--version")]
    [InlineData("deidd")]
    [InlineData("DEID")]
    public void Any_other_command_line_builds_every_verb_in_help_order(params string[] args)
    {
        Assert.Equal(Verbs.Names, Verbs.For(args, TimeProvider.System).Select(c => c.Name));
        Assert.Equal(12, Verbs.Names.Distinct().Count());
    }

    [Fact]
    public void Root_help_still_lists_every_verb_and_a_verbs_own_help_works()
    {
        var root = DropBoxCli.Run("--help");
        Assert.True(root.ExitCode == 0, root.Describe());
        Assert.All(Verbs.Names, name => Assert.Contains($"  {name} ", root.StdOut, StringComparison.Ordinal));

        var deid = DropBoxCli.Run("deid", "--help");
        Assert.True(deid.ExitCode == 0, deid.Describe());
        Assert.Contains("--keep-names", deid.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void A_mistyped_verb_is_still_a_usage_error()
    {
        var result = DropBoxCli.Run("deidd", "in", "out");

        Assert.True(result.ExitCode == 2, result.Describe());
        Assert.Contains("Unrecognized command or argument 'deidd'", result.StdErr, StringComparison.Ordinal);
    }
}
