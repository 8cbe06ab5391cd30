using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Tests.Hosting;

/// <summary>WATCHDOG=1 goes out only while jobs make progress, so systemd restarts a hung daemon.</summary>
public sealed class DaemonServiceWatchdogTests
{
    [Fact]
    public async Task Pings_stop_when_no_job_has_made_progress_for_the_window_and_resume_with_progress()
    {
        using var bed = new ServiceBed();
        var started = bed.Clock.GetUtcNow();

        Assert.True(bed.Service.FeedWatchdog(started, pingedLastTime: true));
        Assert.Equal("WATCHDOG=1", bed.Notify.Receive());

        bed.Clock.Advance(TimeSpan.FromMinutes(11));
        Assert.False(bed.Service.FeedWatchdog(started, pingedLastTime: true));
        Assert.Equal(0, bed.Notify.Pending);
        Assert.Contains(bed.Logger.Entries, e => e.Level == LogLevel.Error && e.EventId == 5);

        // A job run (here for a project no longer configured: it returns at once) counts as progress.
        await bed.Work.ProcessAsync("gone", CancellationToken.None);
        Assert.True(bed.Service.FeedWatchdog(started, pingedLastTime: false));
        Assert.Equal("WATCHDOG=1", bed.Notify.Receive());
    }
}
