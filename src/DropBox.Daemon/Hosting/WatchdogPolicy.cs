using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// Decides whether the daemon may tell systemd it is alive (WATCHDOG=1). A bare timer would keep pinging
/// while a hung pipeline does nothing (pipeline-anchors §4), so pings go only while the jobs show progress:
/// a job started or finished within <see cref="Window"/> (max(10 × the longest poll interval, 10 minutes)),
/// or a job is still running but began less than <see cref="HungAfter"/> ago (12 windows, at least two
/// hours: a big upload may take long to de-identify, a job stuck for hours is hung). When pings stop,
/// systemd's WatchdogSec runs out and Restart=always starts a fresh daemon that resumes from the journal.
/// </summary>
internal sealed class WatchdogPolicy(TimeSpan window)
{
    private static readonly TimeSpan MinimumWindow = TimeSpan.FromMinutes(10);

    public TimeSpan Window { get; } = window;

    public TimeSpan HungAfter => Window * 12;

    public static WatchdogPolicy For(DropBoxOptions options)
    {
        var longestPoll = options.Projects.Values.Select(p => p.Intake.PollInterval).DefaultIfEmpty(TimeSpan.Zero).Max();
        var window = longestPoll * 10;
        return new WatchdogPolicy(window > MinimumWindow ? window : MinimumWindow);
    }

    /// <param name="now">The current time.</param>
    /// <param name="lastProgress">When a job last started or finished (or the daemon started, if later).</param>
    /// <param name="oldestRunningSince">When the longest-running job still running began; null when none runs.</param>
    public bool ShouldPing(DateTimeOffset now, DateTimeOffset lastProgress, DateTimeOffset? oldestRunningSince) =>
        now - lastProgress <= Window || (oldestRunningSince is { } since && now - since <= HungAfter);
}
