namespace DropBox.Daemon.Hosting;

/// <summary>
/// One sync of a project at a time across processes: the daemon's job and an admin's <c>dropbox sync</c>
/// would otherwise pick the same ready files and race on the same remote temp names. An exclusive open
/// (flock on Linux) of <c>&lt;StateDirectory&gt;/sync-&lt;project&gt;.lock</c>; the kernel drops it when the
/// process dies, so a crash never leaves a stale lock.
/// </summary>
internal static class SyncLock
{
    /// <summary>The lock, or null when another process holds it.</summary>
    public static IDisposable? TryAcquire(string stateDirectory, string project)
    {
        var path = Path.Combine(stateDirectory, $"sync-{project}.lock");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            return new FileStream(path, options);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
