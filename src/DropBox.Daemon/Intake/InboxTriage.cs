using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Intake;

/// <summary>What the intake does with a quiet inbox file.</summary>
internal enum InboxVerdict
{
    /// <summary>Its content is whole: claim it.</summary>
    Claim,

    /// <summary>Its content is visibly incomplete: leave it in the inbox, unclaimed, so the sender can resume it.</summary>
    Hold,

    /// <summary>Still incomplete <see cref="IntakeOptions.IncompleteDeadline"/> after its last change: claim it for
    /// quarantine as <c>incomplete-upload</c>.</summary>
    ClaimExpired,
}

/// <summary>The triage's answer; <see cref="Reason"/> is PHI-free.</summary>
/// <param name="IncompleteSinceUtc">For <see cref="InboxVerdict.ClaimExpired"/>: the file's last change.</param>
internal sealed record InboxDecision(InboxVerdict Verdict, string? Reason, DateTimeOffset? IncompleteSinceUtc);

/// <summary>
/// Decides, before any claim, whether a quiet inbox file is whole (<see cref="CompletenessProbe"/>: a zip needs its
/// central directory, a DICOM file must parse to its end and an image needs its pixel data). An incomplete file
/// stays where the sender's client can resume it (<c>reput</c>, FileZilla's resume): claiming it would empty the
/// inbox under the client. Past <see cref="IntakeOptions.IncompleteDeadline"/>, counted from the file's last change
/// (mtime or ctime, which a client cannot set), it is claimed and ends in quarantine as <c>incomplete-upload</c>.
/// </summary>
/// <remarks>
/// One instance lives as long as the project's runtime, for two memories across passes, both keyed by inode: a held
/// file is logged "not complete yet" once, not on every poll, and is probed again only when it changed. A restart
/// forgets both, which costs one more log line and one more probe. Passes of a project never overlap.
/// </remarks>
internal sealed class InboxTriage
{
    private readonly IntakeOptions _options;
    private readonly TimeProvider _time;
    private readonly CompletenessProbe _probe;
    private readonly ILogger _logger;
    private Dictionary<(ulong Device, ulong Inode), Held> _heldBefore = [];
    private Dictionary<(ulong Device, ulong Inode), Held> _heldNow = [];

    public InboxTriage(IntakeOptions options, TimeProvider time, CompletenessProbe probe, ILogger<InboxTriage>? logger = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _probe = probe ?? throw new ArgumentNullException(nameof(probe));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Decides for one quiet candidate of <paramref name="sender"/>'s inbox.</summary>
    public InboxDecision Decide(string sender, UploadCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var key = (candidate.Status.Device, candidate.Status.Inode);
        var seen = _heldBefore.GetValueOrDefault(key) ?? _heldNow.GetValueOrDefault(key);
        var reason = seen is not null && seen.Status.SameContentAs(candidate.Status) ? seen.Reason : Probe(candidate.Path);
        if (reason is null)
        {
            return new InboxDecision(InboxVerdict.Claim, null, null);
        }
        var since = candidate.Status.LastChangeUtc;
        if (_time.GetUtcNow() - since >= _options.IncompleteDeadline)
        {
            return new InboxDecision(InboxVerdict.ClaimExpired, reason, since);
        }
        if (seen is null)
        {
            Log.NotCompleteYet(_logger, sender, candidate.Status.Inode, reason, _options.IncompleteDeadline);
        }
        _heldNow[key] = new Held(candidate.Status, reason);
        return new InboxDecision(InboxVerdict.Hold, reason, null);
    }

    /// <summary>Ends a pass: files no longer held (claimed, removed) are forgotten, so memory follows the inbox.</summary>
    public void EndPass()
    {
        _heldBefore = _heldNow;
        _heldNow = [];
    }

    /// <summary>Null when whole, else why not (PHI-free).</summary>
    private string? Probe(string path)
    {
        try
        {
            var verdict = _probe.Probe(path);
            return verdict.IsComplete ? null : verdict.Reason ?? "The content is incomplete.";
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone since the scan (the claim then finds it vanished), or unreadable: the claim and the inspector
            // after it decide, as for any file, so an unreadable file is never held in the inbox for ever.
            return null;
        }
    }

    private sealed record Held(UnixFileStatus Status, string Reason);
}
