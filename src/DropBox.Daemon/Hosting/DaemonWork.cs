using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Pipeline;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Sync;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// What the scheduled jobs (and <c>dropbox once</c>) do for a project. One bad upload or one failed sync never
/// escapes as an exception: the pass logs it, leaves the upload where it stands and carries on.
/// </summary>
internal sealed partial class DaemonWork : IDisposable
{
    private readonly ConfigState _config;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly UploadJournal _journal;
    private readonly SyncJournal _syncJournal;
    private readonly AuditLog _audit;
    private readonly SemaphoreSlim _syncGate = new(1, 1);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> _running = new(StringComparer.Ordinal);
    private readonly RuntimeCache<ProjectRuntime> _runtimes;

    public DaemonWork(ConfigState config, TimeProvider time, ILoggerFactory loggers)
    {
        _config = config;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger("DropBox.Daemon");
        var options = config.Current;
        ProjectLayout.CreatePrivateDirectory(options.StateDirectory);
        _journal = new UploadJournal(ProjectLayout.Journal(options), time);
        _syncJournal = new SyncJournal(ProjectLayout.Journal(options));
        _audit = new AuditLog(options.LogDirectory, time);
        // Runtimes are rebuilt when a reload put a new configuration in force.
        _runtimes = new RuntimeCache<ProjectRuntime>((project, current) =>
            current.Projects.TryGetValue(project, out var settings) ? new ProjectRuntime(project, settings, current, _time, _loggers) : null);
    }

    /// <summary>When a job last made progress: the systemd watchdog is fed only while this moves.</summary>
    public DateTimeOffset LastProgress { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>When the longest-running job still running began; null when none runs (see <see cref="WatchdogPolicy"/>).</summary>
    public DateTimeOffset? OldestRunningSince => _running.IsEmpty ? null : _running.Values.DefaultIfEmpty(DateTimeOffset.MaxValue).Min();

    /// <summary>Marks a job as running until the returned handle is disposed.</summary>
    private RunningJob Track(string job)
    {
        var now = _time.GetUtcNow();
        LastProgress = now;
        _running[job] = now;
        return new RunningJob(_running, job);
    }

    private readonly struct RunningJob(System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset> running, string job) : IDisposable
    {
        public void Dispose() => running.TryRemove(job, out _);
    }

    public async Task<ProcessPassResult> ProcessAsync(string project, CancellationToken cancellationToken)
    {
        using var running = Track("process:" + project);
        try
        {
            using var lease = _runtimes.Acquire(_config.Current, project);
            if (lease is null)
            {
                return new ProcessPassResult(0, 0, 0, false);
            }
            var pipeline = lease.Runtime.CreatePipeline(_journal, _audit, _loggers.CreateLogger("DropBox.Pipeline"));
            var result = await pipeline.RunAsync(cancellationToken).ConfigureAwait(false);
            LastProgress = _time.GetUtcNow();
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(_logger, project, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            return new ProcessPassResult(0, 0, 0, true);
        }
    }

    /// <summary>What a sync of a project without a far site (no Sync.Target) reports.</summary>
    public const string NotSyncedSummary = "sync: not configured (no Sync.Target): nothing is sent to a far site; 'dropbox check' says how to add one";

    public async Task<SyncPassResult> SyncAsync(string project, CancellationToken cancellationToken)
    {
        using var running = Track("sync:" + project);
        var options = _config.Current;
        if (!options.Projects.TryGetValue(project, out var settings))
        {
            return new SyncPassResult("not configured", false);
        }
        if (!settings.Sync.HasTarget)
        {
            // A project without a far site is processed into club_house and stops there: nothing to do, no error.
            return new SyncPassResult(NotSyncedSummary, false);
        }
        // The sync journal holds one connection; runs of different projects take turns.
        await _syncGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var crossProcess = SyncLock.TryAcquire(options.StateDirectory, project);
            if (crossProcess is null)
            {
                return new SyncPassResult("sync skipped: another sync of this project is running (the daemon or another 'dropbox sync'); try again shortly", true);
            }
            using var transport = SyncTransportFactory.Create(settings.Sync, Path.GetDirectoryName(_config.ConfigPath)!, _time, _loggers.CreateLogger("DropBox.Sync"));
            var runner = new SyncRunner(_loggers.CreateLogger("DropBox.Sync"), _time);
            var result = await runner.RunOnceAsync(project, settings.SyncSource, settings.Sync, transport, _syncJournal, Guard(project, settings), cancellationToken).ConfigureAwait(false);
            LastProgress = _time.GetUtcNow();
            var summary = $"sync to {settings.Sync.Target!.Describe()}: {result.Sent} sent, {result.Failed} failed, {result.Waiting} waiting"
                + (result.Held > 0 ? $", {result.Held} held in quarantine (plain DICOM or identifiable file in club_house; see 'dropbox quarantine list')" : "")
                + (result.Succeeded ? "" : $" ({string.Join("; ", result.Errors)})");
            return new SyncPassResult(summary, !result.Succeeded);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogPassFailed(_logger, project, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            return new SyncPassResult("sync failed: " + PhiSafe.Describe(ex), true);
        }
        finally
        {
            _syncGate.Release();
        }
    }

    /// <summary>The plain-file guard of one project: its own outputs are the upload journal's published ciphertexts.</summary>
    private PlainFileGuard Guard(string project, ProjectOptions settings) => new(
        new Quarantine.QuarantineStore(settings.EffectiveWorkDirectory, _time, _loggers.CreateLogger<Quarantine.QuarantineStore>()),
        new IdentifiablePathRule(settings.Sync.IdentifiablePaths),
        settings.Senders,
        (relativePath, sha256) => OwnOutput(project, settings, relativePath, sha256));

    private bool OwnOutput(string project, ProjectOptions settings, string relativePath, string sha256)
    {
        var parts = relativePath.Split('/');
        return parts.Length == 2 && parts[0].StartsWith("gpg-", StringComparison.Ordinal)
            && settings.Senders.Contains(parts[0][4..], StringComparer.Ordinal)
            && _journal.IsPublishedOutput(project, parts[0][4..], parts[1], sha256);
    }

    public void Dispose()
    {
        _runtimes.Dispose();
        _journal.Dispose();
        _syncJournal.Dispose();
        _syncGate.Dispose();
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Error, Message = "Project {Project}: the pass stopped on an error and will run again at the next interval: {Error}")]
    private static partial void LogPassFailed(ILogger logger, string project, string error, Exception exception);
}
