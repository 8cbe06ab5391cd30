using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

/// <summary>`dropbox sync`: one run now, the summary on stdout, exit 1 when the run had errors.</summary>
public sealed class SyncCommandTests
{
    [ToolFact("gpg")]
    public void Sync_sends_club_house_to_the_local_target_and_prints_the_summary()
    {
        using var bed = new AdminBed();
        var file = bed.WriteAged(Path.Combine(bed.Outbox("PKUHSC"), "u-20261101080000-00000001.dcm.gpg"), "cipher", TimeSpan.FromMinutes(5));

        var result = bed.Run("sync", "--project", "liver");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains(result.StdOutLines, l => l.StartsWith("liver: sync to local ", StringComparison.Ordinal) && l.Contains("1 sent, 0 failed, 0 waiting", StringComparison.Ordinal));
        Assert.Equal("cipher", File.ReadAllText(Path.Combine(bed.FarSite, "gpg-PKUHSC", Path.GetFileName(file))));
        Assert.Single(Directory.GetFiles(bed.FarSite, "MANIFEST-*.sha256"));
    }

    [ToolFact("gpg")]
    public void A_failing_run_exits_1_and_an_old_unsent_file_raises_the_error_level_alert()
    {
        using var bed = new AdminBed(alertAfter: "01:00:00", farSiteExists: false);
        bed.WriteAged(Path.Combine(bed.Outbox("PKUHSC"), "u-20261101080000-00000001.dcm.gpg"), "cipher", TimeSpan.FromHours(2));

        var result = bed.Run("sync");

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains(result.StdOutLines, l => l.StartsWith("liver: ", StringComparison.Ordinal) && l.Contains("1 waiting", StringComparison.Ordinal));
        Assert.Contains(result.StdErrLines, l => l.Contains("[ERR]", StringComparison.Ordinal) && l.Contains("ALERT sync liver", StringComparison.Ordinal));
    }

    [Fact]
    public void Sync_of_an_unknown_project_exits_1()
    {
        using var bed = new AdminBed();

        var result = bed.Run("sync", "--project", "kidney");

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("no project 'kidney'", result.StdErr, StringComparison.Ordinal);
    }
}
