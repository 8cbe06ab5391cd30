namespace DropBox.Daemon.Sync;

/// <summary>
/// A directory target, e.g. an NFS mount of the far site's file server. Same protocol as sftp: copy to the
/// temp name, flush to disk, rename into place (never overwriting unless asked).
/// </summary>
internal sealed class LocalTransport : ISyncTransport
{
    private readonly string _root;

    public LocalTransport(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        _root = Path.GetFullPath(root);
    }

    public string Description => $"local {_root}";

    /// <summary>Nothing is held between calls.</summary>
    public void Dispose()
    {
    }

    public async Task<int> UploadAsync(IReadOnlyList<string> directories, IReadOnlyList<RemoteUpload> uploads, CancellationToken cancellationToken)
    {
        var completed = 0;
        try
        {
            EnsureRootExists();
            foreach (var directory in directories)
            {
                Directory.CreateDirectory(Full(directory));
            }

            foreach (var upload in uploads)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var temp = Full(upload.TempPath);
                File.Delete(temp);
                await CopyDurablyAsync(upload.LocalPath, temp, cancellationToken).ConfigureAwait(false);
                completed++;
            }

            return completed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SyncTransportException(
                $"Copying into {Description} failed ({ex.GetType().Name}: {SyncErrors.RedactPaths(ex.Message)}). Check that the directory exists, is writable by the daemon and its disk is not full.",
                ex)
            { CompletedUploads = completed };
        }
    }

    public Task<IReadOnlyDictionary<string, long>> GetSizesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        try
        {
            EnsureRootExists();
            return Task.FromResult(Sizes(paths));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SyncTransportException($"Reading {Description} failed: {SyncErrors.RedactPaths(ex.Message)}", ex);
        }
    }

    public Task<IReadOnlyDictionary<string, long>> RenameAsync(IReadOnlyList<RemoteRename> renames, CancellationToken cancellationToken)
    {
        try
        {
            EnsureRootExists();
            foreach (var rename in renames)
            {
                try
                {
                    // Without overwrite, .NET refuses when the target exists: the same guard as OpenSSH's rename.
                    File.Move(Full(rename.TempPath), Full(rename.FinalPath), rename.Replace);
                }
                catch (IOException)
                {
                    // One refused rename must not stop the others; the sizes below tell the caller what landed.
                }
            }

            return Task.FromResult(Sizes(renames.Select(r => r.FinalPath).ToList()));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SyncTransportException($"Renaming in {Description} failed: {SyncErrors.RedactPaths(ex.Message)}", ex);
        }
    }

    public Task RemoveAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var path in paths)
            {
                File.Delete(Full(path));
            }

            return Task.CompletedTask;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new SyncTransportException($"Removing from {Description} failed: {SyncErrors.RedactPaths(ex.Message)}", ex);
        }
    }

    private static async Task CopyDurablyAsync(string source, string destination, CancellationToken cancellationToken)
    {
        var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (input.ConfigureAwait(false))
        {
            var output = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using (output.ConfigureAwait(false))
            {
                await input.CopyToAsync(output, cancellationToken).ConfigureAwait(false);

                // On disk before the rename makes it visible: a power cut must not leave a short final file.
                output.Flush(flushToDisk: true);
            }
        }
    }

    private IReadOnlyDictionary<string, long> Sizes(IReadOnlyList<string> paths)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var info = new FileInfo(Full(path));
            if (info.Exists && info.LinkTarget is null)
            {
                sizes[path] = info.Length;
            }
        }

        return sizes;
    }

    // A missing mount point must not be "fixed" by creating it: files would land on the local disk instead.
    private void EnsureRootExists()
    {
        if (!Directory.Exists(_root))
        {
            throw new DirectoryNotFoundException($"the target directory {_root} does not exist (is the share mounted?)");
        }
    }

    private string Full(string relative)
    {
        if (relative.Length == 0 || relative.StartsWith('/') || relative.Split('/').Any(p => p is "" or "." or ".."))
        {
            throw new ArgumentException("not a plain relative path", nameof(relative));
        }

        return Path.Combine(_root, relative);
    }
}
