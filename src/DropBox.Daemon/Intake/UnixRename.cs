using System.Runtime.InteropServices;

namespace DropBox.Daemon.Intake;

/// <summary>
/// rename(2) and nothing else: never the copy-then-delete fallback that <see cref="File.Move(string, string)"/>
/// may take across filesystems (copying a file a client still writes is exactly CTP's truncation bug).
/// </summary>
internal static class UnixRename
{
    private const int AtFdCwd = -100;
    private const uint RenameNoReplace = 1;
    private const int EEXIST = 17;
    private const int EXDEV = 18;
    private const int EINVAL = 22;
    private const int ENOSYS = 38;
    private const int ENOENT = 2;

    /// <summary>
    /// Renames <paramref name="source"/> to <paramref name="destination"/> atomically, refusing to replace an
    /// existing destination. Works on any entry type (a symlink is moved, not followed).
    /// </summary>
    /// <exception cref="CrossFilesystemRenameException">The two paths are on different filesystems.</exception>
    /// <exception cref="FileNotFoundException">The source vanished.</exception>
    /// <exception cref="IOException">The destination exists or the rename failed otherwise.</exception>
    public static void Move(string source, string destination)
    {
        var rc = NativeMethods.RenameAt2(AtFdCwd, source, AtFdCwd, destination, RenameNoReplace);
        var errno = rc == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (errno is EINVAL or ENOSYS)
        {
            // Filesystem without RENAME_NOREPLACE: fall back to a plain rename after our own existence check.
            // Our destinations are fresh names inside directories only the daemon writes, so the window is ours.
            if (UnixFileStatus.TryLStat(destination) is not null)
            {
                throw new IOException("The destination in the work area already exists; refusing to replace it.");
            }

            rc = NativeMethods.Rename(source, destination);
            errno = rc == 0 ? 0 : Marshal.GetLastPInvokeError();
        }

        switch (errno)
        {
            case 0:
                return;
            case EXDEV:
                throw new CrossFilesystemRenameException();
            case ENOENT:
                throw new FileNotFoundException("The entry to move no longer exists (or the destination folder is missing).");
            case EEXIST:
                throw new IOException("The destination in the work area already exists; refusing to replace it.");
            default:
                throw new IOException($"rename failed (errno {errno}); check the daemon's write permission on the inbox and the work directory.");
        }
    }
}

/// <summary>rename(2) said EXDEV: the work directory is on another filesystem than the inbox.</summary>
internal sealed class CrossFilesystemRenameException : IOException
{
    public CrossFilesystemRenameException()
        : base("The work directory must be on the same filesystem as the inbox, so uploads can be claimed by an atomic rename; set the project's WorkDirectory to a folder under its Root (the default <Root>/.dropbox).")
    {
    }
}
