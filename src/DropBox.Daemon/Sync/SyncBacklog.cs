namespace DropBox.Daemon.Sync;

/// <summary>
/// What a sync run would still send, read from the sync folder itself and the sync journal: a published ciphertext
/// counts from the moment it is in the folder, not only once a sync run has noticed it.
/// </summary>
/// <param name="Files">Files not sent yet (or changed since they were sent).</param>
/// <param name="OldestSince">Since when the oldest of them waits: its journal row's waiting time, else its mtime.</param>
internal sealed record SyncBacklog(int Files, DateTimeOffset? OldestSince)
{
    /// <param name="sourceDirectory">The project's sync source (club_house/&lt;direction&gt;).</param>
    /// <param name="rows">The sync journal's rows of the project (none when it has never synced).</param>
    public static SyncBacklog Read(string sourceDirectory, IReadOnlyList<SyncFileRecord> rows, DateTimeOffset now)
    {
        var byPath = rows.ToDictionary(r => r.RelativePath, StringComparer.Ordinal);
        var files = 0;
        DateTimeOffset? oldest = null;
        foreach (var file in SyncScanner.Scan(sourceDirectory, now, TimeSpan.Zero))
        {
            var row = byPath.GetValueOrDefault(file.RelativePath);
            if (row is { State: SyncFileState.Sent } && row.Size == file.Size && row.ModifiedAt == file.ModifiedAt)
            {
                continue;
            }
            var since = row is not null && row.State != SyncFileState.Sent ? row.WaitingSince : file.ModifiedAt;
            files++;
            oldest = oldest is null || since < oldest ? since : oldest;
        }
        return new SyncBacklog(files, oldest);
    }
}
