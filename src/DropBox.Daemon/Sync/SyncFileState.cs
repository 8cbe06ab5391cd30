namespace DropBox.Daemon.Sync;

/// <summary>Where one file stands in the sync journal.</summary>
internal enum SyncFileState
{
    /// <summary>Complete locally, not yet sent (or changed since it was sent).</summary>
    Ready,

    /// <summary>A transfer started; after a crash the far end is asked whether it landed.</summary>
    Uploading,

    /// <summary>At the far end under its final name with the right size. Never sent again unless it changes.</summary>
    Sent,

    /// <summary>The last run could not send it (see attempts and last error); retried by the next run.</summary>
    Failed,
}

/// <summary>One journal row: a file of a project's sync folder.</summary>
/// <param name="Id">Stable row id, used in logs instead of the (possibly identifying) file name.</param>
/// <param name="RelativePath">Path below the sync folder, '/'-separated.</param>
/// <param name="Replace">The far end may hold an older version under the final name, so the rename overwrites.</param>
/// <param name="PreviousSize">Size of the version sent before (for a changed file), else null.</param>
/// <param name="CheckedSha256">The content the plain-file guard last let travel; null when not judged yet.</param>
/// <param name="PartialSha256">The content whose upload to the far temp name last started (its partial may be
/// continued while this equals <paramref name="Sha256"/>); null when none is pending.</param>
internal sealed record SyncFileRecord(
    long Id,
    string RelativePath,
    long Size,
    string Sha256,
    DateTimeOffset ModifiedAt,
    SyncFileState State,
    int Attempts,
    string? LastError,
    DateTimeOffset WaitingSince,
    DateTimeOffset? SentAt,
    bool Replace,
    long? PreviousSize,
    string? CheckedSha256 = null,
    string? PartialSha256 = null)
{
    /// <summary>A far partial of this row can only be a prefix of its current content.</summary>
    public bool PartialIsOfThisContent => PartialSha256 is not null && PartialSha256 == Sha256;
}

/// <summary>What <c>dropbox status</c> shows for a project's sync.</summary>
internal sealed record SyncStatus(
    int FilesWaiting,
    int FilesFailed,
    TimeSpan? OldestWaitingAge,
    DateTimeOffset? LastSuccessfulSync,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    int FilesSent);
