namespace DropBox.Daemon.Sync;

/// <summary>Creates the transport a project's <see cref="SyncOptions"/> asks for.</summary>
internal static class SyncTransportFactory
{
    /// <summary>Relative paths in the target are resolved against <paramref name="baseDirectory"/> (the config file's folder).</summary>
    public static ISyncTransport Create(SyncOptions options, string baseDirectory, string sftpPath = "sftp")
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = options.Target;
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
            KnownHostsFile = Path.GetFullPath(target.KnownHostsFile!, baseDirectory),
        };
        return new SftpTransport(resolved, options.ConnectTimeout, options.IoTimeout, sftpPath);
    }
}
