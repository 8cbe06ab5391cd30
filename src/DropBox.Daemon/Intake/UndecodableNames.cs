using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;

namespace DropBox.Daemon.Intake;

/// <summary>
/// Inbox entries whose names are not valid UTF-8 (a legacy SFTP client sending, say, GBK or CP1252 names).
/// .NET lists such a name with U+FFFD in place of the bad bytes and cannot open, stat or rename it by that
/// string, so without this the upload would sit in the inbox forever, unseen and unreported. The raw name is
/// read with readdir(3) and the entry renamed in place to a plain ASCII name (<c>upload-&lt;random&gt;</c>, the
/// extension kept when it is ASCII); it is then an ordinary upload that waits out its quiet period again.
/// </summary>
internal static class UndecodableNames
{
    private const int AtFdCwd = -100;
    private const uint RenameNoReplace = 1;
    private const int DirentNameOffset = 19; // struct dirent on 64-bit glibc: d_ino(8) d_off(8) d_reclen(2) d_type(1) d_name

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>True when a listed name lost bytes in decoding (it holds U+FFFD).</summary>
    public static bool LooksUndecodable(string name) => name.Contains('\uFFFD', StringComparison.Ordinal);

    /// <summary>Renames every entry of <paramref name="directory"/> whose raw name is not UTF-8; returns how many.</summary>
    public static int RenameInPlace(string directory)
    {
        var renamed = 0;
        foreach (var raw in RawNames(directory))
        {
            if (IsUtf8(raw))
            {
                continue;
            }
            var newName = "upload-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + AsciiExtension(raw);
            var dir = Encoding.UTF8.GetBytes(directory + "/");
            if (Renameat2(AtFdCwd, [.. dir, .. raw, 0], AtFdCwd, [.. dir, .. Encoding.ASCII.GetBytes(newName), 0], RenameNoReplace) == 0)
            {
                renamed++;
            }
        }
        return renamed;
    }

    private static bool IsUtf8(byte[] name)
    {
        try
        {
            StrictUtf8.GetString(name);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static string AsciiExtension(byte[] raw)
    {
        var dot = Array.LastIndexOf(raw, (byte)'.');
        if (dot <= 0 || raw.Length - dot > 10)
        {
            return "";
        }
        var extension = raw[dot..];
        return extension.All(b => b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'.')
            ? Encoding.ASCII.GetString(extension)
            : "";
    }

    private static List<byte[]> RawNames(string directory)
    {
        var names = new List<byte[]>();
        var handle = Opendir([.. Encoding.UTF8.GetBytes(directory), 0]);
        if (handle == IntPtr.Zero)
        {
            return names;
        }
        try
        {
            for (var entry = Readdir(handle); entry != IntPtr.Zero; entry = Readdir(handle))
            {
                var start = entry + DirentNameOffset;
                var length = 0;
                while (Marshal.ReadByte(start, length) != 0)
                {
                    length++;
                }
                var name = new byte[length];
                Marshal.Copy(start, name, 0, length);
                if (!(length == 1 && name[0] == '.') && !(length == 2 && name[0] == '.' && name[1] == '.'))
                {
                    names.Add(name);
                }
            }
        }
        finally
        {
            _ = Closedir(handle);
        }
        return names;
    }

    [DllImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static extern IntPtr Opendir(byte[] path);

    [DllImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static extern IntPtr Readdir(IntPtr dir);

    [DllImport("libc", EntryPoint = "closedir", SetLastError = true)]
    private static extern int Closedir(IntPtr dir);

    [DllImport("libc", EntryPoint = "renameat2", SetLastError = true)]
    private static extern int Renameat2(int oldDirFd, byte[] oldPath, int newDirFd, byte[] newPath, uint flags);
}
