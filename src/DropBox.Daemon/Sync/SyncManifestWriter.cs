using DropBox.Daemon.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Sync;

/// <summary>The manifest of a run that delivered files: its name when it landed, else what went wrong.</summary>
internal sealed record ManifestResult(string? Name, string? Error);

/// <summary>
/// Sends the run's <see cref="SyncManifest"/> last, after every file it names landed: written to a private temp
/// file, uploaded to a temp name, renamed (never over an existing manifest), its size checked; transient errors
/// are retried through <see cref="SyncRetry"/>.
/// </summary>
internal sealed class SyncManifestWriter(ILogger logger, TimeProvider time, Random random)
{
    public async Task<ManifestResult> SendAsync(SyncRun run, IReadOnlyList<SyncFileRecord> sent, CancellationToken cancellationToken)
    {
        var name = SyncManifest.NameFor(time.GetUtcNow());
        var local = Path.Combine(Path.GetTempPath(), $"dropbox-sync-{Guid.NewGuid():N}.sha256");
        try
        {
            await WritePrivateAsync(local, SyncManifest.Render(sent.Select(r => (r.RelativePath, r.Sha256)))).ConfigureAwait(false);
            var size = new FileInfo(local).Length;
            var retry = SyncRetry.ForOperation(run.Options, time, random, (attempt, delay, error) =>
                logger.Retrying(run.Project, attempt, run.Options.MaxAttempts, delay, error.Message, ScrubbedException.From(error)));
            await retry.ExecuteAsync(token => UploadAsync(run.Transport, local, name, size, token), cancellationToken).ConfigureAwait(false);
            logger.ManifestSent(run.Project, name, sent.Count);
            return new ManifestResult(name, null);
        }
        catch (SyncTransportException ex)
        {
            var error = $"files were sent but the manifest {name} was not: {ex.Message}";
            logger.RunFailed(run.Project, 0, error, ScrubbedException.From(ex));
            return new ManifestResult(null, error);
        }
        finally
        {
            File.Delete(local);
        }
    }

    private static async ValueTask UploadAsync(ISyncTransport transport, string local, string name, long size, CancellationToken cancellationToken)
    {
        await transport.UploadAsync([], [new RemoteUpload(local, RemotePaths.TempFor(name))], cancellationToken).ConfigureAwait(false);
        var finals = await transport.RenameAsync([new RemoteRename(RemotePaths.TempFor(name), name, Replace: false)], cancellationToken).ConfigureAwait(false);
        if (!finals.TryGetValue(name, out var landed) || landed != size)
        {
            throw new SyncTransportException($"the manifest {name} did not land with the right size");
        }
    }

    // Relative names may identify people: the local copy is readable by the daemon only.
    private static async Task WritePrivateAsync(string path, string text)
    {
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var writer = new StreamWriter(path, new System.Text.UTF8Encoding(false), create);
        await using (writer.ConfigureAwait(false))
        {
            await writer.WriteAsync(text).ConfigureAwait(false);
        }
    }
}
