using System.Runtime.InteropServices;

namespace DropBox.Daemon.Platform;

/// <summary>What kind of directory entry a path names, seen WITHOUT following symlinks.</summary>
internal enum UnixFileKind
{
    Unknown = 0,
    Regular,
    Directory,
    Symlink,
    Fifo,
    Socket,
    CharacterDevice,
    BlockDevice,
}

/// <summary>
/// lstat-style facts about one path, read with <c>statx(AT_SYMLINK_NOFOLLOW)</c>.
/// </summary>
/// <remarks>
/// WHY statx and not .NET's FileSystemInfo: .NET reports symlinks (ReparsePoint) but has no public way to
/// tell a FIFO, socket or device from a regular file, and opening a FIFO to find out would block. statx
/// has one struct layout on every Linux architecture (unlike <c>struct stat</c>), so a plain P/Invoke into
/// glibc is safe. ctime is kept because, unlike mtime, an SFTP client cannot set it (FileZilla's
/// "preserve timestamps" rewrites mtime).
/// </remarks>
internal readonly record struct UnixFileStatus(
    UnixFileKind Kind,
    long Size,
    DateTimeOffset LastWriteUtc,
    DateTimeOffset LastStatusChangeUtc,
    ulong Inode,
    ulong Device,
    UnixFileMode Permissions,
    uint Group)
{
    /// <summary>The later of mtime and ctime: the last moment anybody wrote to or changed the file.</summary>
    public DateTimeOffset LastChangeUtc => LastWriteUtc > LastStatusChangeUtc ? LastWriteUtc : LastStatusChangeUtc;

    /// <summary>True when both describe the same inode with the same size and times (nobody wrote in between).</summary>
    public bool SameContentAs(UnixFileStatus other) =>
        Kind == other.Kind && Size == other.Size && Inode == other.Inode && Device == other.Device
        && LastWriteUtc == other.LastWriteUtc && LastStatusChangeUtc == other.LastStatusChangeUtc;

    /// <summary>lstat the path; null when it does not exist (any more).</summary>
    public static UnixFileStatus? TryLStat(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var rc = NativeMethods.Statx(AtFdCwd, path, AtSymlinkNoFollow, StatxBasicStats, out var buffer);
        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENOENT or ENOTDIR)
            {
                return null;
            }

            throw new IOException($"Cannot read the status of an entry in the inbox or work area (errno {errno}); check the daemon's permissions on it.");
        }

        return new UnixFileStatus(
            KindOf(buffer.Mode),
            (long)buffer.Size,
            ToTime(buffer.MtimeSec, buffer.MtimeNsec),
            ToTime(buffer.CtimeSec, buffer.CtimeNsec),
            buffer.Inode,
            ((ulong)buffer.DevMajor << 32) | buffer.DevMinor,
            (UnixFileMode)(buffer.Mode & 0xFFF),
            buffer.Gid);
    }

    /// <summary>lstat the path; throws <see cref="FileNotFoundException"/> when it does not exist.</summary>
    public static UnixFileStatus LStat(string path) =>
        TryLStat(path) ?? throw new FileNotFoundException("The entry no longer exists.");

    private static UnixFileKind KindOf(ushort mode) => (mode & 0xF000) switch
    {
        0x8000 => UnixFileKind.Regular,
        0x4000 => UnixFileKind.Directory,
        0xA000 => UnixFileKind.Symlink,
        0x1000 => UnixFileKind.Fifo,
        0xC000 => UnixFileKind.Socket,
        0x2000 => UnixFileKind.CharacterDevice,
        0x6000 => UnixFileKind.BlockDevice,
        _ => UnixFileKind.Unknown,
    };

    private static DateTimeOffset ToTime(long seconds, uint nanoseconds) =>
        DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanoseconds / 100);

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7FF;
    private const int ENOENT = 2;
    private const int ENOTDIR = 20;
}
