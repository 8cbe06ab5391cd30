namespace DropBox.Daemon.Sync;

/// <summary>
/// The far end of a sync: a few batch operations on paths relative to the target's root ('/'-separated).
/// Each call is one session (one <c>sftp</c> process for the sftp target), so a run costs a handful of
/// connections rather than one per file. The protocol (temp name, size check, rename, journal) lives in
/// <see cref="SyncRunner"/>; transports only move bytes and report what they see.
/// </summary>
internal interface ISyncTransport
{
    /// <summary>A one-line description of the target without secrets (for status and errors).</summary>
    string Description { get; }

    /// <summary>
    /// Creates <paramref name="directories"/> (parents listed first; existing ones are fine), then for each
    /// upload in order removes a stale temp file and copies the local file to its temp path.
    /// </summary>
    /// <returns>The number of uploads completed, which is all of them.</returns>
    /// <exception cref="SyncTransportException">
    /// A step failed; <see cref="SyncTransportException.CompletedUploads"/> says how many uploads (from the
    /// start of the list) finished before it. Later temp files may be incomplete and must not be trusted.
    /// </exception>
    Task<int> UploadAsync(IReadOnlyList<string> directories, IReadOnlyList<RemoteUpload> uploads, CancellationToken cancellationToken);

    /// <summary>The size of each of <paramref name="paths"/> that exists as a file; missing ones are left out.</summary>
    /// <exception cref="SyncTransportException">The far end could not be asked.</exception>
    Task<IReadOnlyDictionary<string, long>> GetSizesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);

    /// <summary>
    /// Renames each temp file to its final name, each independently (one refused rename does not stop the
    /// others); a rename without <see cref="RemoteRename.Replace"/> never overwrites an existing file.
    /// </summary>
    /// <returns>The sizes of the final names afterwards (missing ones left out), the proof of what landed.</returns>
    /// <exception cref="SyncTransportException">The far end could not be reached.</exception>
    Task<IReadOnlyDictionary<string, long>> RenameAsync(IReadOnlyList<RemoteRename> renames, CancellationToken cancellationToken);

    /// <summary>Removes files if they exist (stale temp files); missing files are not an error.</summary>
    /// <exception cref="SyncTransportException">The far end could not be reached.</exception>
    Task RemoveAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken);
}

/// <summary>Copy <paramref name="LocalPath"/> to <paramref name="TempPath"/> (relative to the target root).</summary>
internal sealed record RemoteUpload(string LocalPath, string TempPath);

/// <summary>Rename <paramref name="TempPath"/> to <paramref name="FinalPath"/>; overwrite only when <paramref name="Replace"/>.</summary>
internal sealed record RemoteRename(string TempPath, string FinalPath, bool Replace);
