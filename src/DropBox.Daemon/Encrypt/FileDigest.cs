using System.Security.Cryptography;

namespace DropBox.Daemon.Encrypt;

internal static class FileDigest
{
    /// <summary>Length and lower-case hex SHA-256 of a file, after forcing it to disk (fsync), so the hash the
    /// journal records is of bytes that survive a power cut.</summary>
    public static (long Length, string Sha256) Sha256AndFlush(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, 1 << 16);
        var hash = SHA256.HashData(stream);
        stream.Flush(flushToDisk: true);
        return (stream.Length, Convert.ToHexStringLower(hash));
    }
}
