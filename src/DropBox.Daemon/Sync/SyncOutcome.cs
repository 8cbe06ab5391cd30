namespace DropBox.Daemon.Sync;

/// <summary>What became of one waiting file in a run.</summary>
internal enum SyncOutcomeKind
{
    /// <summary>At the far end under its final name with the right size; the journal says <c>sent</c>.</summary>
    Sent,

    /// <summary>Not sent this run and no error: it vanished or changed meanwhile, or could not be read to be judged.</summary>
    Skipped,

    /// <summary>The plain-file guard moved it into the quarantine; it is never sent.</summary>
    HeldByGuard,

    /// <summary>Not sent, for <see cref="SyncOutcome.Reason"/>; it waits for the next run.</summary>
    Failed,
}

/// <summary>
/// What became of one file: the one way results and errors travel out of a chunk, the guard's gate and the run
/// (no error fields, no flags beside it). <see cref="Cause"/> marks a file the transfer left unfinished when it
/// stopped: such an outcome is final only once the sender gives up; until then the file is retried.
/// </summary>
/// <param name="Reason">Why a file failed, PHI-free (no file name); null for the other kinds.</param>
/// <param name="Cause">The transfer error that stopped the chunk before this file was finished; null when the file
/// itself was refused (the far end holds another file under its name, a control character in its name...).</param>
/// <param name="Recovered">Sent by an interrupted earlier run: found at the far end, not sent again.</param>
internal sealed record SyncOutcome(
    SyncFileRecord File, SyncOutcomeKind Kind, string? Reason = null, SyncTransportException? Cause = null, bool Recovered = false)
{
    public static SyncOutcome Sent(SyncFileRecord file, bool recovered = false) => new(file, SyncOutcomeKind.Sent, Recovered: recovered);

    public static SyncOutcome Skipped(SyncFileRecord file) => new(file, SyncOutcomeKind.Skipped);

    public static SyncOutcome HeldByGuard(SyncFileRecord file) => new(file, SyncOutcomeKind.HeldByGuard);

    public static SyncOutcome Refused(SyncFileRecord file, string reason) => new(file, SyncOutcomeKind.Failed, reason);

    public static SyncOutcome Unfinished(SyncFileRecord file, SyncTransportException cause) =>
        new(file, SyncOutcomeKind.Failed, cause.Message, cause);

    /// <summary>True when a later attempt in this run may still send the file.</summary>
    public bool IsUnfinished => Cause is not null;
}

/// <summary>One attempt at a chunk: an outcome for every file of the chunk.</summary>
internal sealed record ChunkResult(IReadOnlyList<SyncOutcome> Outcomes)
{
    /// <summary>A file landed (sent or recovered): what resets the count of failures in a row.</summary>
    public bool Progressed => Outcomes.Any(o => o.Kind == SyncOutcomeKind.Sent);

    /// <summary>The transfer error that stopped the attempt, or null when every file of the chunk was dealt with.</summary>
    public SyncTransportException? Stop => Outcomes.FirstOrDefault(o => o.IsUnfinished)?.Cause;

    /// <summary>Retry the chunk after a delay: it stopped on a transient error before any file landed.</summary>
    public bool ShouldRetry => Stop is { Retryable: true } && !Progressed;

    /// <summary>The files the stop left unfinished, without the ones that landed: the first failure of a new streak.</summary>
    public ChunkResult WithoutProgress() => new(Outcomes.Where(o => o.IsUnfinished).ToList());
}
