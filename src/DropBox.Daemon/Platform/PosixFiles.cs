using System.Runtime.InteropServices;

namespace DropBox.Daemon.Platform;

/// <summary>
/// The POSIX file operations every stage shares and .NET does not offer: rename WITHOUT replacing an existing
/// target in one step (renameat2 with RENAME_NOREPLACE; File.Move(overwrite: false) is check-then-act, and across
/// filesystems it silently copies — copying a file a client still writes is exactly CTP's truncation bug), and
/// fsync of a DIRECTORY (so a rename survives a power cut). Linux/glibc only, like the daemon. Error messages
/// never quote a path: an inbox file's name may be a patient's name.
/// </summary>
internal static class PosixFiles
{
    private const int AtFdCwd = -100;
    private const uint RenameNoReplaceFlag = 1;
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;   // same value on x86_64 and aarch64
    private const int ENOENT = 2;
    private const int EEXIST = 17;
    private const int EXDEV = 18;
    private const int EINVAL = 22;
    private const int ENOSYS = 38;

    /// <summary>
    /// Renames <paramref name="source"/> to <paramref name="target"/> atomically, or returns false (source
    /// untouched) when <paramref name="target"/> already exists. Works on any entry type (a symlink is moved, not followed).
    /// </summary>
    /// <exception cref="CrossFilesystemRenameException">The two paths are on different filesystems.</exception>
    /// <exception cref="FileNotFoundException">The source vanished (or the target's folder is missing).</exception>
    /// <exception cref="IOException">The rename failed otherwise.</exception>
    public static bool TryRenameNoReplace(string source, string target)
    {
        var errno = NativeMethods.RenameAt2(AtFdCwd, source, AtFdCwd, target, RenameNoReplaceFlag) == 0 ? 0 : Marshal.GetLastPInvokeError();
        if (errno is EINVAL or ENOSYS)
        {
            errno = RenameWithoutNoReplaceFlag(source, target);
        }

        return errno switch
        {
            0 => true,
            EEXIST => false,
            EXDEV => throw new CrossFilesystemRenameException(),
            ENOENT => throw new FileNotFoundException("The entry to move no longer exists (or the destination folder is missing)."),
            _ => throw new IOException($"rename failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}); check the daemon's write permission on both folders.", errno),
        };
    }

    /// <summary>As <see cref="TryRenameNoReplace"/>, but an existing target is an <see cref="IOException"/>.</summary>
    public static void RenameNoReplace(string source, string target)
    {
        if (!TryRenameNoReplace(source, target))
        {
            throw new IOException("The destination already exists; refusing to replace it.", EEXIST);
        }
    }

    /// <summary>Flushes a directory's entries (new names, renames) to disk.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = NativeMethods.Open(directory, ORdOnly | OCloExec);
        if (fd < 0)
        {
            throw Error("could not open a folder to flush it", Marshal.GetLastPInvokeError());
        }

        try
        {
            if (NativeMethods.Fsync(fd) != 0)
            {
                throw Error("could not flush a folder to disk", Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = NativeMethods.Close(fd);
        }
    }

    /// <summary>A filesystem without RENAME_NOREPLACE: link(2) refuses an existing target just as atomically, then
    /// the old name goes. link cannot take a folder; for one, our own existence check (our destinations are fresh
    /// names in folders only the daemon writes, so the window is ours) then rename(2). Returns an errno, 0 on success.</summary>
    private static int RenameWithoutNoReplaceFlag(string source, string target)
    {
        if (UnixFileStatus.TryLStat(source) is { Kind: UnixFileKind.Directory })
        {
            if (UnixFileStatus.TryLStat(target) is not null)
            {
                return EEXIST;
            }

            return NativeMethods.Rename(source, target) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }

        if (NativeMethods.Link(source, target) != 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        File.Delete(source);
        return 0;
    }

    private static IOException Error(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
}
