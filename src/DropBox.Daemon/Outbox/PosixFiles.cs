using System.Runtime.InteropServices;
using System.Text;

namespace DropBox.Daemon.Outbox;

/// <summary>
/// The two POSIX calls .NET does not offer: fsync of a DIRECTORY (needed so a rename survives a power cut;
/// .NET refuses to open a directory as a file handle) and rename WITHOUT replacing an existing target in one
/// step (renameat2 with RENAME_NOREPLACE; File.Move(overwrite: false) is check-then-act on some paths).
/// Linux/glibc only, like the daemon. Paths are passed as NUL-terminated UTF-8 bytes, so no string marshalling.
/// </summary>
internal static partial class PosixFiles
{
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;   // same value on x86_64 and aarch64
    private const int AtFdCwd = -100;
    private const uint RenameNoReplace = 1;
    internal const int EExist = 17;
    private const int EInval = 22;
    private const int ENoSys = 38;

    /// <summary>Flushes a directory's entries (new names, renames) to disk.</summary>
    public static void FsyncDirectory(string directory)
    {
        var fd = NativeMethods.open(Bytes(directory), ORdOnly | OCloExec);
        if (fd < 0)
        {
            throw Error($"could not open folder {directory} to flush it", Marshal.GetLastPInvokeError());
        }

        try
        {
            if (NativeMethods.fsync(fd) != 0)
            {
                throw Error($"could not flush folder {directory} to disk", Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            _ = NativeMethods.close(fd);
        }
    }

    /// <summary>Renames <paramref name="source"/> to <paramref name="target"/> in one atomic step, or returns
    /// false (source untouched) when <paramref name="target"/> already exists.</summary>
    public static bool TryRenameNoReplace(string source, string target)
    {
        if (NativeMethods.renameat2(AtFdCwd, Bytes(source), AtFdCwd, Bytes(target), RenameNoReplace) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        if (errno == EExist)
        {
            return false;
        }

        if (errno is EInval or ENoSys)
        {
            // The file system does not support RENAME_NOREPLACE: link() also refuses an existing target.
            if (NativeMethods.link(Bytes(source), Bytes(target)) != 0)
            {
                var linkErrno = Marshal.GetLastPInvokeError();
                return linkErrno == EExist ? false : throw Error($"could not rename {source} to {target}", linkErrno);
            }

            File.Delete(source);
            return true;
        }

        throw Error($"could not rename {source} to {target}", errno);
    }

    private static byte[] Bytes(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, bytes);
        return bytes;
    }

    private static IOException Error(string what, int errno) =>
        new($"{what}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);

    private static class NativeMethods
    {
#pragma warning disable SYSLIB1054, CA5392 // DllImport with byte[] needs no marshalling code; libc is resolved by the OS loader.
        [DllImport("libc", SetLastError = true)]
        public static extern int open(byte[] path, int flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int fsync(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int close(int fd);

        [DllImport("libc", SetLastError = true)]
        public static extern int renameat2(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, uint flags);

        [DllImport("libc", SetLastError = true)]
        public static extern int link(byte[] oldPath, byte[] newPath);
#pragma warning restore SYSLIB1054, CA5392
    }
}
