using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Tests.Hosting;

/// <summary>A changed configuration is picked up without a restart; a broken one is refused, logged, and the last good one kept.</summary>
public sealed class ConfigReloadTests
{
    [Fact]
    public async Task A_project_added_in_a_drop_in_gets_its_jobs_without_a_restart()
    {
        using var bed = new ServiceBed();
        await bed.Scheduler.ApplyAsync(bed.Config.Current, CancellationToken.None);
        Assert.Equal(["process-liver", "sync-liver"], await bed.JobNamesAsync());

        bed.WriteDropIn("kidney.json", $$"""{ "DropBox": { "Projects": { {{bed.Project("kidney", ["PKUPH"])}} } } }""");
        var errors = await bed.Service.ReloadAsync(CancellationToken.None);

        Assert.Empty(errors);
        Assert.Equal(["kidney", "liver"], bed.Config.Current.Projects.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["process-kidney", "process-liver", "sync-kidney", "sync-liver"], await bed.JobNamesAsync());
        Assert.Contains(bed.Logger.Entries, e => e.EventId == 2 && e.Message.Contains("2 project(s)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_removed_project_loses_its_jobs_and_a_changed_sender_list_is_in_force()
    {
        using var bed = new ServiceBed();
        bed.WriteMain(bed.Project("liver", ["PKUHSC"]), bed.Project("kidney", ["PKUPH"]));
        Assert.Empty(await bed.Service.ReloadAsync(CancellationToken.None));

        bed.WriteMain(bed.Project("liver", ["PKUHSC", "PKUIH"]));
        var errors = await bed.Service.ReloadAsync(CancellationToken.None);

        Assert.Empty(errors);
        Assert.Equal(["PKUHSC", "PKUIH"], bed.Config.Current.Projects["liver"].Senders);
        Assert.Equal(["process-liver", "sync-liver"], await bed.JobNamesAsync());
    }

    [Fact]
    public async Task A_project_without_a_far_site_gets_no_sync_job_its_sync_is_skipped_without_error_and_adding_one_schedules_it()
    {
        using var bed = new ServiceBed();
        var kidney = bed.Project("kidney", ["PKUPH"]);
        var withoutTarget = kidney.Replace("\"Sync\": { \"Target\": { \"Type\": \"local\", \"Directory\": \"far-kidney\" } }", "\"Sync\": { }", StringComparison.Ordinal);
        Assert.NotEqual(kidney, withoutTarget);
        bed.WriteDropIn("kidney.json", $$"""{ "DropBox": { "Projects": { {{withoutTarget}} } } }""");

        Assert.Empty(await bed.Service.ReloadAsync(CancellationToken.None));
        Assert.Equal(["process-kidney", "process-liver", "sync-liver"], await bed.JobNamesAsync());
        var skipped = await bed.Work.SyncAsync("kidney", CancellationToken.None);
        Assert.False(skipped.Failed);
        Assert.StartsWith("sync: not configured (no Sync.Target)", skipped.Summary, StringComparison.Ordinal);

        bed.WriteDropIn("kidney.json", $$"""{ "DropBox": { "Projects": { {{kidney}} } } }""");
        Assert.Empty(await bed.Service.ReloadAsync(CancellationToken.None));
        Assert.Equal(["process-kidney", "process-liver", "sync-kidney", "sync-liver"], await bed.JobNamesAsync());
    }

    [Theory]
    [InlineData("invalid JSON", "{ \"DropBox\": { \"Projects\": { ", "cannot read configuration")]
    [InlineData("unknown field keyword", "DEID", "PatientNmae")]
    [InlineData("misspelt setting", "{ \"DropBox\": { \"Projects\": { \"liver\": { \"Sendrs\": [ \"X\" ] } } } }", "Sendrs")]
    [InlineData("bad cron", "CRON", "Schedule")]
    public async Task A_broken_change_is_refused_with_every_error_logged_and_the_last_good_config_kept(string what, string dropIn, string expected)
    {
        using var bed = new ServiceBed();
        await bed.Scheduler.ApplyAsync(bed.Config.Current, CancellationToken.None);
        var before = bed.Config.Current;
        var text = dropIn switch
        {
            "DEID" => """{ "DropBox": { "Projects": { "liver": { "Deidentify": { "Fields": [ { "Attribute": "PatientNmae", "Action": "keep" } ] } } } } }""",
            "CRON" => """{ "DropBox": { "Projects": { "liver": { "Sync": { "Schedule": "0 0/5 * 32 * ?" } } } } }""",
            _ => dropIn,
        };
        bed.WriteDropIn("broken.json", text);

        var errors = await bed.Service.ReloadAsync(CancellationToken.None);

        Assert.True(errors.Count > 0, what);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
        Assert.Same(before, bed.Config.Current);
        Assert.Equal(["process-liver", "sync-liver"], await bed.JobNamesAsync());
        var logged = bed.Logger.Entries.Where(e => e.Level == LogLevel.Error).ToList();
        Assert.All(errors, error => Assert.Contains(logged, e => e.EventId == 3 && e.Message.Contains(error, StringComparison.Ordinal)));
        Assert.Contains(logged, e => e.EventId == 4 && e.Message.Contains("last good configuration", StringComparison.Ordinal));
    }
}
