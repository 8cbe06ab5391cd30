namespace DropBox.Daemon.Sync;

/// <summary>
/// The far end of a sync: a few batch operations on paths relative to the target's root ('/'-separated).
/// A transport serves one run (the sftp target keeps one connection for all of its calls) and is disposed at
/// the end of it. The protocol (temp name, size check, rename, journal) lives in <see cref="SyncChunkTransfer"/>;
/// transports only move bytes and report what they see.
/// </summary>
internal interface ISyncTransport : IDisposable
{
    /// <summary>A one-line description of the target without secrets (for status and errors).</summary>
    string Description { get; }

    /// <summary>
    /// Creates <paramref name="directories"/> (parents listed first; existing ones are fine), then for each
    /// upload in order copies the local file to its temp path, replacing a stale temp file — or, when the upload
    /// <see cref="RemoteUpload.MayResume"/>, continuing it if its bytes prove to be this file's own.
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
/// <param name="MayResume">The journal says an earlier transfer of this very content (same SHA-256) to this temp
/// name started, so a far partial may be its prefix; the transport still checks the bytes before continuing.</param>
/// <param name="FileId">The journal row, for logs (never the name).</param>
internal sealed record RemoteUpload(string LocalPath, string TempPath, bool MayResume = false, long? FileId = null);

/// <summary>Rename <paramref name="TempPath"/> to <paramref name="FinalPath"/>; overwrite only when <paramref name="Replace"/>.</summary>
internal sealed record RemoteRename(string TempPath, string FinalPath, bool Replace);
