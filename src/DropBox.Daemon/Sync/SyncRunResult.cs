namespace DropBox.Daemon.Sync;

/// <summary>What one sync run did.</summary>
/// <param name="Sent">Files that reached the far end in this run (including ones found there after a crash).</param>
/// <param name="Recovered">Of <paramref name="Sent"/>, files an interrupted earlier run had already delivered.</param>
/// <param name="Failed">Files this run tried and could not send (left waiting for the next run).</param>
/// <param name="Waiting">Files still not sent after the run.</param>
/// <param name="OldestWaitingAge">Age of the oldest file not yet sent, or null when none waits.</param>
/// <param name="ManifestName">The manifest sent last, or null when nothing was sent (or it failed).</param>
/// <param name="Errors">What went wrong, without file names; empty for a clean run.</param>
internal sealed record SyncRunResult(
    int Sent,
    int Recovered,
    int Failed,
    int Waiting,
    TimeSpan? OldestWaitingAge,
    string? ManifestName,
    IReadOnlyList<string> Errors)
{
    /// <summary>Plain files the guard moved into the quarantine in this run (never sent).</summary>
    public int Held { get; init; }

    /// <summary>Bytes of the files that reached the far end in this run (issue 14 metrics).</summary>
    public long BytesSent { get; init; }

    public bool Succeeded => Errors.Count == 0;
}
