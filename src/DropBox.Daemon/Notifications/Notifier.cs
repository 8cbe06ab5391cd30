using DropBox.Daemon.Alerts;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Metrics;
using DropBox.Daemon.Pipeline;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Receipts;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Notifications;

/// <summary>
/// The subscribers behind <see cref="IUploadEvents"/>, shared by every project of the daemon: the alert center (one
/// per state directory, its outbox in <c>alerts.json</c>) and the metrics. Hands out one <see cref="IUploadEvents"/>
/// per project and pass.
/// </summary>
internal sealed class Notifier
{
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private readonly HealthChecks _health;

    public Notifier(DropBoxOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _time = time;
        _loggers = loggers;
        Options = options.Alerts;
        Alerts = new AlertCenter(options.Alerts, options.StateDirectory, Channels(options.Alerts), time, loggers.CreateLogger("DropBox.Alerts"));
        Metrics = new DropBoxMetrics(time);
        _health = new HealthChecks(Alerts, options.Alerts, time, loggers.CreateLogger("DropBox.Alerts"));
    }

    public AlertOptions Options { get; }

    public AlertCenter Alerts { get; }

    public DropBoxMetrics Metrics { get; }

    /// <summary>The channels the alert options name (for <c>dropbox alert test</c> too).</summary>
    public IReadOnlyList<IAlertChannel> Channels(AlertOptions options)
    {
        var channels = new List<IAlertChannel>();
        if (options.Smtp is { } smtp)
        {
            channels.Add(new SmtpAlertChannel(smtp, smtp.CredentialsFile));
        }
        if (options.Webhook is { } webhook)
        {
            channels.Add(new WebhookAlertChannel(webhook, _http));
        }
        return channels;
    }

    /// <summary>The events of one pass (or sync run) of one project.</summary>
    public ProjectEvents For(string project, ProjectOptions settings, Quarantine.QuarantineStore quarantine, UploadJournal journal) =>
        new ProjectEvents(project, settings, quarantine, journal,
            new ReceiptWriter(settings.Root, settings.Receipts, _time, _loggers.CreateLogger("DropBox.Receipts")),
            this, _time, _loggers.CreateLogger("DropBox.Notifications"));

    /// <summary>Keys, free space and programs of a project, when their check is due (at most every CheckInterval).</summary>
    public Task CheckHealthAsync(ProjectRuntime project, CancellationToken cancellationToken) =>
        _health.CheckIfDueAsync(project, cancellationToken);

    /// <summary>The daemon started; <paramref name="afterUncleanStop"/> when the previous run did not stop cleanly.</summary>
    public void DaemonStarted(bool afterUncleanStop)
    {
        if (afterUncleanStop)
        {
            Alerts.Notify("daemon-restart", "warning", $"{Environment.MachineName}: DropBox restarted after an unclean stop",
                $"The DropBox daemon on {Environment.MachineName} started at {_time.GetUtcNow():u} after a run that did not stop cleanly "
                + "(a crash, a kill, a power loss or a watchdog restart). Every upload resumes from the journal; look at the "
                + "log (journalctl -u dropbox) around the previous run's end for the cause.");
            Alerts.Kick();
        }
    }
}
