using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Sync;

/// <summary>
/// One sync run of one project (the Quartz job and <c>dropbox sync</c> call <see cref="RunOnceAsync"/>):
/// <see cref="SyncReconciler"/> (scan → journal) → <see cref="SyncTravelGate"/> (the plain-file guard judges what
/// the daemon did not publish before it may travel) → <see cref="SyncSender"/> (recover interrupted transfers,
/// upload to temp names, check sizes, rename, record <c>sent</c>; retries) → <see cref="SyncManifestWriter"/>
/// (manifest last) → the run recorded, and <see cref="StaleSyncAlert"/> told how long the oldest file waits.
/// Every file the run touched comes back as one <see cref="SyncOutcome"/>; the result is counted from those.
/// </summary>
internal sealed class SyncRunner
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SyncReconciler _reconciler;
    private readonly SyncTravelGate _gate;
    private readonly SyncSender _sender;
    private readonly SyncManifestWriter _manifest;

    /// <param name="random">The jitter of retry delays. Default <see cref="Random.Shared"/>.</param>
    /// <param name="afterRemoteRename">Test seam: called after the far end confirmed a rename and before the journal
    /// records <c>sent</c>; a test throws here to simulate the daemon being killed in that window. Null in production.</param>
    public SyncRunner(ILogger logger, TimeProvider time, Random? random = null, Action<IReadOnlyList<SyncFileRecord>>? afterRemoteRename = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        _logger = logger;
        _time = time;
        random ??= Random.Shared;
        _reconciler = new SyncReconciler(logger, time);
        _gate = new SyncTravelGate(logger, time);
        _sender = new SyncSender(logger, time, random, new SyncChunkTransfer(logger, time, afterRemoteRename));
        _manifest = new SyncManifestWriter(logger, time, random);
    }

    /// <param name="guard">Judges every file the daemon did not publish itself before it may be sent (required: the
    /// folder is sent unencrypted, so there is no way to sync without it).</param>
    public async Task<SyncRunResult> RunOnceAsync(
        string project, string sourceDirectory, SyncOptions options, ISyncTransport transport, SyncJournal journal, PlainFileGuard guard,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(guard);
        var run = new SyncRun(project, sourceDirectory, options, transport, journal);

        var quiet = _reconciler.Reconcile(run);
        var outcomes = new List<SyncOutcome>();
        var pending = _gate.Admit(run, guard, quiet, outcomes);
        if (pending.Count > 0)
        {
            _logger.SyncStarting(project, pending.Count, transport.Description);
        }

        outcomes.AddRange(await _sender.SendAsync(run, pending, cancellationToken).ConfigureAwait(false));
        var sent = outcomes.Where(o => o.Kind == SyncOutcomeKind.Sent).ToList();
        var recovered = sent.Count(o => o.Recovered);
        if (recovered > 0)
        {
            _logger.RecoveredAfterCrash(project, recovered);
        }

        var manifest = new ManifestResult(null, null);
        if (sent.Count > 0)
        {
            _logger.FilesSent(project, sent.Count);
            manifest = await _manifest.SendAsync(run, sent.Select(o => o.File).ToList(), cancellationToken).ConfigureAwait(false);
        }

        return Finish(run, outcomes, manifest);
    }

    private SyncRunResult Finish(SyncRun run, List<SyncOutcome> outcomes, ManifestResult manifest)
    {
        var errors = outcomes.Where(o => o.IsUnfinished).Select(o => o.Cause!.Message).Distinct(StringComparer.Ordinal).ToList();
        if (manifest.Error is { } manifestError)
        {
            errors.Add(manifestError);
        }

        var now = _time.GetUtcNow();
        run.Journal.RecordRun(run.Project, now, errors.Count == 0 ? null : errors[^1]);
        var status = run.Journal.GetStatus(run.Project, now);
        StaleSyncAlert.RaiseIfDue(_logger, run.Project, status, run.Options.AlertAfter);

        return new SyncRunResult(
            outcomes.Count(o => o.Kind == SyncOutcomeKind.Sent),
            outcomes.Count(o => o.Kind == SyncOutcomeKind.Sent && o.Recovered),
            outcomes.Where(o => o.Kind == SyncOutcomeKind.Failed).Select(o => o.File.Id).Distinct().Count(),
            status.FilesWaiting,
            status.OldestWaitingAge,
            manifest.Name,
            errors)
        {
            Held = outcomes.Count(o => o.Kind == SyncOutcomeKind.HeldByGuard),
        };
    }
}
