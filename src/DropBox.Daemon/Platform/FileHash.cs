using System.Security.Cryptography;

namespace DropBox.Daemon.Platform;

/// <summary>The one SHA-256 of a file every stage records and compares: streamed, lower-case hex.</summary>
internal static class FileHash
{
    private const int BufferSize = 1 << 16;

    /// <summary>Lower-case hex SHA-256 of a file, read once front to back.</summary>
    public static string Sha256(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>Length and lower-case hex SHA-256 of a file, after forcing it to disk (fsync), so the hash the
    /// journal records is of bytes that survive a power cut.</summary>
    public static (long Length, string Sha256) Sha256AndFlush(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read, BufferSize);
        var hash = SHA256.HashData(stream);
        stream.Flush(flushToDisk: true);
        return (stream.Length, Convert.ToHexStringLower(hash));
    }

    /// <summary>Copies <paramref name="source"/> to <paramref name="target"/> and returns the SHA-256 of the bytes
    /// copied: the copy is checked against what was read, not against a second read.</summary>
    public static string CopyAndHash(Stream source, Stream target)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            target.Write(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
