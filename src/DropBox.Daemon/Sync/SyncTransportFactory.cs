using DropBox.Daemon.Sync.Sftp;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Sync;

/// <summary>Creates the transport a project's <see cref="SyncOptions"/> asks for (one per run; dispose it after).</summary>
internal static class SyncTransportFactory
{
    /// <summary>Relative paths in the target are resolved against <paramref name="baseDirectory"/> (the config file's folder).</summary>
    public static ISyncTransport Create(SyncOptions options, string baseDirectory, TimeProvider? time = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = options.Target ?? throw new InvalidOperationException("the project has no Sync.Target: there is nothing to sync to");
        if (target.IsLocal)
        {
            return new LocalTransport(Path.GetFullPath(target.Directory!, baseDirectory));
        }

        var resolved = new SyncTargetOptions
        {
            Type = target.Type,
            Host = target.Host,
            Port = target.Port,
            User = target.User,
            RemoteDirectory = target.RemoteDirectory,
            IdentityFile = Path.GetFullPath(target.IdentityFile!, baseDirectory),
            KnownHostsFile = string.IsNullOrWhiteSpace(target.KnownHostsFile) ? null : Path.GetFullPath(target.KnownHostsFile, baseDirectory),
            HostKeySha256 = target.HostKeySha256,
        };
        return new SftpTransport(resolved, options.ConnectTimeout, options.IoTimeout, options.MaxBytesPerSecond, time, logger);
    }
}
