using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace DropBox.Daemon.Sync.Sftp;

/// <summary>
/// The sftp target, in process (SSH.NET): one connection per run, opened at the first operation and reused by
/// every later one (a connection that broke is opened again by the next operation, so a retry reconnects).
/// Every far operation is a typed SFTP request — stat, mkdir, open/write, setstat, rename, remove — so no
/// file name ever passes through a command line or a shell. Dispose at the end of the run.
/// </summary>
internal sealed class SftpTransport : ISyncTransport
{
    private readonly SyncTargetOptions _target;
    private readonly SftpConnector _connector;
    private readonly SftpFailures _failures;
    private readonly TransferPacer _pacer;
    private readonly ILogger _logger;
    private SftpClient? _client;

    public SftpTransport(SyncTargetOptions target, TimeSpan connectTimeout, TimeSpan ioTimeout, TimeProvider time, long maxBytesPerSecond = 0, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(time);
        var problems = target.Validate("Target").ToList();
        if (problems.Count > 0 || !target.IsSftp)
        {
            throw new ArgumentException("invalid sftp target: " + string.Join("; ", problems), nameof(target));
        }

        _target = target;
        _connector = new SftpConnector(target, connectTimeout, ioTimeout);
        _failures = new SftpFailures(target);
        _pacer = new TransferPacer(maxBytesPerSecond, time);
        _logger = logger ?? NullLogger.Instance;
    }

    public string Description => _target.Describe();

    public async Task<int> UploadAsync(IReadOnlyList<string> directories, IReadOnlyList<RemoteUpload> uploads, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        var completed = 0;
        RemoteUpload? current = null;
        try
        {
            foreach (var directory in directories)
            {
                await EnsureDirectoryAsync(client, Remote(directory), cancellationToken).ConfigureAwait(false);
            }

            var writer = new PartialUpload(client, _pacer);
            foreach (var upload in uploads)
            {
                current = upload;
                var resumedAt = await writer.SendAsync(upload.LocalPath, Remote(upload.TempPath), upload.MayResume, cancellationToken).ConfigureAwait(false);
                if (resumedAt > 0)
                {
                    _logger.UploadResumed(Description, upload.FileId ?? 0, resumedAt, new FileInfo(upload.LocalPath).Length);
                }

                completed++;
            }

            return completed;
        }
        catch (Exception ex) when (SftpFailures.IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(ex, "uploading", completed, client, current);
        }
    }

    public async Task<IReadOnlyDictionary<string, long>> GetSizesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        if (paths.Count == 0)
        {
            return sizes;
        }

        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var path in paths)
            {
                if (await SizeAsync(client, Remote(path), cancellationToken).ConfigureAwait(false) is { } size)
                {
                    sizes[path] = size;
                }
            }

            return sizes;
        }
        catch (Exception ex) when (SftpFailures.IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(ex, "checking sizes", 0, client);
        }
    }

    public async Task<IReadOnlyDictionary<string, long>> RenameAsync(IReadOnlyList<RemoteRename> renames, CancellationToken cancellationToken)
    {
        if (renames.Count == 0)
        {
            return new Dictionary<string, long>();
        }

        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var rename in renames)
            {
                try
                {
                    // Plain SFTP rename: OpenSSH links then unlinks, so it refuses when the final name exists (a free
                    // guard against overwriting). posix-rename@openssh.com replaces, used only for a changed file.
                    client.RenameFile(Remote(rename.TempPath), Remote(rename.FinalPath), isPosix: rename.Replace);
                }
                catch (SftpException)
                {
                    // refused for this file only; the sizes below tell the runner what landed
                }
            }
        }
        catch (Exception ex) when (SftpFailures.IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(ex, "renaming", 0, client);
        }

        return await GetSizesAsync(renames.Select(r => r.FinalPath).ToList(), cancellationToken).ConfigureAwait(false);
    }

    public async Task RemoveAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            return;
        }

        var client = await ClientAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var path in paths)
            {
                try
                {
                    await client.DeleteFileAsync(Remote(path), cancellationToken).ConfigureAwait(false);
                }
                catch (SftpPathNotFoundException)
                {
                    // already gone
                }
            }
        }
        catch (Exception ex) when (SftpFailures.IsTransportFailure(ex) && !cancellationToken.IsCancellationRequested)
        {
            throw Fail(ex, "removing temp files", 0, client);
        }
    }

    public void Dispose() => DropClient();

    private async Task<SftpClient> ClientAsync(CancellationToken cancellationToken)
    {
        if (_client is { IsConnected: true })
        {
            return _client;
        }

        DropClient();
        _client = await _connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
        return _client;
    }

    private SyncTransportException Fail(Exception ex, string what, int completed, SftpClient client, RemoteUpload? upload = null)
    {
        long? free = null;
        long? needed = null;
        if (ex is SftpException && upload is not null && client.IsConnected)
        {
            needed = new FileInfo(upload.LocalPath).Length;
            free = FreeBytes(client);
        }

        if (SftpFailures.IsConnectionLoss(ex))
        {
            DropClient();
        }

        return ex as SyncTransportException ?? _failures.Map(ex, what, completed, free, needed);
    }

    // statvfs@openssh.com: tells a full far disk apart from other write failures (OpenSSH reports both as "Failure").
    private long? FreeBytes(SftpClient client)
    {
        try
        {
            var status = client.GetStatus(_target.RemoteDirectory!);
            return (long)Math.Min(status.AvailableBlocks * status.BlockSize, long.MaxValue);
        }
        catch (Exception ex) when (SftpFailures.IsTransportFailure(ex) || ex is NotSupportedException)
        {
            return null;
        }
    }

    private static async Task<long?> SizeAsync(SftpClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            var attributes = await client.GetAttributesAsync(path, cancellationToken).ConfigureAwait(false);
            return attributes.IsRegularFile ? attributes.Size : null;
        }
        catch (SftpPathNotFoundException)
        {
            return null;
        }
    }

    private static async Task EnsureDirectoryAsync(SftpClient client, string path, CancellationToken cancellationToken)
    {
        try
        {
            var attributes = await client.GetAttributesAsync(path, cancellationToken).ConfigureAwait(false);
            if (attributes.IsDirectory)
            {
                return;
            }
        }
        catch (SftpPathNotFoundException)
        {
            // created below
        }

        await client.CreateDirectoryAsync(path, cancellationToken).ConfigureAwait(false);
    }

    private void DropClient()
    {
        var client = _client;
        _client = null;
        if (client is null)
        {
            return;
        }

        try
        {
            client.Dispose();
        }
        catch (Exception ex) when (SftpFailures.IsTransportFailure(ex))
        {
            // the connection is already gone
        }
    }

    private string Remote(string relative) => RemotePaths.Join(_target.RemoteDirectory!, relative);
}
