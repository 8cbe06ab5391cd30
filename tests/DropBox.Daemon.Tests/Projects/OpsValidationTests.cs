using DropBox.Daemon.Projects;
using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Tests.Projects;

/// <summary>Schedule and retention settings that the daemon could not honour are refused up front with a clear error.</summary>
public sealed class OpsValidationTests
{
    [Theory]
    [InlineData("0 0/5 * 32 * ?")]  // day of month 32
    [InlineData("0 61 * * * ?")]    // minute 61
    [InlineData("0 0/5 * * MON-XYZ ?")]
    public void A_schedule_Quartz_cannot_parse_is_an_error_naming_the_setting_and_an_example(string cron)
    {
        var errors = new SyncOptions { Schedule = cron, Target = new() { Type = "local", Directory = "/tmp" } }.Validate("project 'liver': Sync").ToList();

        var error = Assert.Single(errors);
        Assert.StartsWith("project 'liver': Sync.Schedule: \"" + cron + "\" is not a", error, StringComparison.Ordinal);
        Assert.Contains("0 0/5 * * * ?", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0/5 * * * ?")]
    [InlineData("0 30 2 ? * MON-FRI")]
    [InlineData("0 0 0/1 * * ? 2026")]
    public void A_valid_Quartz_schedule_passes(string cron) =>
        Assert.Empty(new SyncOptions { Schedule = cron, Target = new() { Type = "local", Directory = "/tmp" } }.Validate("Sync"));

    [Fact]
    public async Task Negative_original_retention_and_non_positive_quarantine_retention_are_errors()
    {
        var root = Directory.CreateTempSubdirectory("dropbox-ops-validation-").FullName;
        try
        {
            var options = new DropBoxOptions { StateDirectory = Path.Combine(root, "state") };
            var project = new ProjectOptions
            {
                Root = root, Direction = "From_A_To_B", Senders = ["A"], ReceiverKeys = [Path.Combine(root, "k.asc")],
                KeepOriginalsFor = TimeSpan.FromDays(-1), QuarantineRetention = TimeSpan.Zero,
            };
            project.Deidentify.Project = "liver";
            project.Sync.Target = new() { Directory = root };
            options.Projects["liver"] = project;

            var errors = await new ConfigValidator(new ProjectChecks()).ValidateAsync(options, CancellationToken.None);

            Assert.Contains(errors, e => e.StartsWith("project 'liver': KeepOriginalsFor must not be negative", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("project 'liver': QuarantineRetention must be positive", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
