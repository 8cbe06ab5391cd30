using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Intake;

/// <summary>Where a claimed upload stands.</summary>
internal enum InspectionStatus
{
    /// <summary>Whole and settled: hand it to Unpack/De-identify. <see cref="Inspection.Kind"/> says what it is.</summary>
    Ready,

    /// <summary>Still changing, or its content is incomplete: look again next poll.</summary>
    Waiting,

    /// <summary>Incomplete past <see cref="IntakeOptions.IncompleteDeadline"/>: quarantine as <c>incomplete-upload</c>.</summary>
    Expired,

    /// <summary>The claimed file is not there (removed by hand?).</summary>
    Missing,
}

/// <summary>The inspector's answer; <see cref="Reason"/> is PHI-free.</summary>
internal sealed record Inspection(InspectionStatus Status, UploadKind Kind, string? Reason);

/// <summary>
/// Decides, each poll, whether a claimed upload may be processed: the claimed file must have stayed unchanged
/// for <see cref="IntakeOptions.ClaimSettleDelay"/> (a writer that still had it open appends to the renamed inode)
/// and its content must be complete (<see cref="CompletenessProbe"/>). Otherwise it waits in the work area until
/// <see cref="IntakeOptions.IncompleteDeadline"/>, counted from the claim (or, for a file that already waited that
/// long in the inbox, from its last change there), and then expires. Never processed truncated.
/// </summary>
/// <remarks>
/// The pipeline calls <see cref="Inspect"/> right after a batch of claims (after waiting ClaimSettleDelay once,
/// with its TimeProvider) and again on every later poll for the uploads still waiting. State lives on disk
/// (claim.json's claim time and the file's own mtime/ctime), so a restart changes nothing.
/// </remarks>
internal sealed class ClaimedUploadInspector
{
    private readonly IntakeOptions _options;
    private readonly TimeProvider _time;
    private readonly CompletenessProbe _probe;
    private readonly ILogger _logger;

    public ClaimedUploadInspector(IntakeOptions options, TimeProvider time, CompletenessProbe probe, ILogger<ClaimedUploadInspector>? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public Inspection Inspect(ClaimedUpload upload)
    {
        ArgumentNullException.ThrowIfNull(upload);
        var now = _time.GetUtcNow();
        var status = UnixFileStatus.TryLStat(upload.OriginalPath);
        if (status is null || status.Value.Kind != UnixFileKind.Regular)
        {
            return new Inspection(InspectionStatus.Missing, UploadKind.Other, "The claimed file is missing from the work area.");
        }

        // A file claimed because it stayed incomplete in the inbox past the deadline has used its time up there.
        var expired = now - (upload.IncompleteSinceUtc ?? upload.ClaimedAtUtc) >= _options.IncompleteDeadline;
        if (now - status.Value.LastChangeUtc < _options.ClaimSettleDelay)
        {
            return Wait(upload, expired, UploadKind.Other, "The claimed file is still being written to.");
        }

        var verdict = _probe.Probe(upload.OriginalPath);
        return verdict.IsComplete
            ? new Inspection(InspectionStatus.Ready, verdict.Kind, null)
            : Wait(upload, expired, verdict.Kind, verdict.Reason ?? "The content is incomplete.");
    }

    private Inspection Wait(ClaimedUpload upload, bool expired, UploadKind kind, string reason)
    {
        if (expired)
        {
            Log.IncompleteExpired(_logger, upload.UploadId, _options.IncompleteDeadline);
            var since = upload.IncompleteSinceUtc is null ? "after it was claimed" : "after its last change in the inbox";
            return new Inspection(InspectionStatus.Expired, kind, $"{reason} Still incomplete {_options.IncompleteDeadline} {since}.");
        }

        // Not logged here: the pipeline says "not complete yet" once, when the upload starts waiting, not every poll.
        return new Inspection(InspectionStatus.Waiting, kind, reason);
    }
}
