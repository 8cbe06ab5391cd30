using DropBox.Daemon.Projects;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// Ties the daemon's life to systemd and to its configuration: schedules the jobs, says READY=1 once they
/// are scheduled, pings the watchdog, picks up configuration changes without a restart (keeping the last
/// good configuration when a change is broken), and says STOPPING=1 on the way out.
/// </summary>
internal sealed partial class DaemonService(
    ConfigState config,
    ConfigValidator validator,
    ProjectScheduler scheduler,
    DaemonWork work,
    SystemdNotifier notifier,
    TimeProvider time,
    ILogger<DaemonService> logger) : BackgroundService
{
    private static readonly TimeSpan ReloadPoll = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await scheduler.ApplyAsync(config.Current, stoppingToken).ConfigureAwait(false);
        LogStarted(logger, config.Current.Projects.Count, config.ConfigPath);
        notifier.Ready();
        notifier.Status($"{config.Current.Projects.Count} project(s) scheduled");

        var watchdog = SystemdNotifier.WatchdogInterval();
        var tick = watchdog is { } w && w / 2 < ReloadPoll ? w / 2 : ReloadPoll;
        var stamp = ConfigStamp();
        var started = time.GetUtcNow();
        var pinging = true;
        using var timer = new PeriodicTimer(tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                pinging = FeedWatchdog(started, pinging);
                var now = ConfigStamp();
                if (now != stamp)
                {
                    stamp = now;
                    await ReloadAsync(stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        notifier.Stopping();
        return base.StopAsync(cancellationToken);
    }

    /// <summary>WATCHDOG=1 only while the jobs show progress (<see cref="WatchdogPolicy"/>); returns whether it pinged.</summary>
    internal bool FeedWatchdog(DateTimeOffset started, bool pingedLastTime)
    {
        var lastProgress = work.LastProgress > started ? work.LastProgress : started;
        var policy = WatchdogPolicy.For(config.Current);
        if (policy.ShouldPing(time.GetUtcNow(), lastProgress, work.OldestRunningSince))
        {
            notifier.Watchdog();
            return true;
        }
        if (pingedLastTime)
        {
            LogWatchdogWithheld(logger, time.GetUtcNow() - lastProgress, policy.Window);
        }
        return false;
    }

    /// <summary>Loads the changed configuration; returns the errors (empty when the new one is in force and scheduled).</summary>
    internal async Task<IReadOnlyList<string>> ReloadAsync(CancellationToken cancellationToken)
    {
        var errors = await config.ReloadAsync(validator, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                LogReloadError(logger, error);
            }
            LogReloadRefused(logger, errors.Count);
            return errors;
        }
        await scheduler.ApplyAsync(config.Current, cancellationToken).ConfigureAwait(false);
        LogReloaded(logger, config.Current.Projects.Count);
        return errors;
    }

    /// <summary>A cheap fingerprint of the config files (names, sizes, times): polling is simpler and sturdier
    /// than inotify for files that editors replace by rename.</summary>
    private string ConfigStamp()
    {
        var files = new[] { config.ConfigPath }.Concat(ConfigLoader.DropIns(config.ConfigPath));
        return string.Join('|', files.Select(f =>
        {
            var info = new FileInfo(f);
            return info.Exists ? $"{f}:{info.Length}:{info.LastWriteTimeUtc.Ticks}" : f + ":gone";
        }));
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "DropBox started: {Projects} project(s) from {ConfigPath}")]
    private static partial void LogStarted(ILogger logger, int projects, string configPath);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Configuration reloaded: {Projects} project(s) in force")]
    private static partial void LogReloaded(ILogger logger, int projects);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Configuration change refused: {Error}")]
    private static partial void LogReloadError(ILogger logger, string error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Error, Message = "Configuration change refused with {Count} error(s); the last good configuration stays in force")]
    private static partial void LogReloadRefused(ILogger logger, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "No job has made progress for {Idle} (limit {Window}): watchdog pings withheld so that systemd restarts the daemon")]
    private static partial void LogWatchdogWithheld(ILogger logger, TimeSpan idle, TimeSpan window);
}
