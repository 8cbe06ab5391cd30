using System.Security.Cryptography;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Platform;

public sealed class FileHashTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dbx-hash-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_hash_is_lower_case_hex_sha256_of_the_whole_file()
    {
        var bytes = RandomNumberGenerator.GetBytes(200_000);
        var path = Path.Combine(_dir, "f");
        File.WriteAllBytes(path, bytes);
        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes));

        Assert.Equal(expected, FileHash.Sha256(path));
        Assert.Equal((bytes.LongLength, expected), FileHash.Sha256AndFlush(path));
    }

    [Fact]
    public void A_copy_returns_the_hash_of_the_bytes_it_copied()
    {
        var bytes = RandomNumberGenerator.GetBytes(70_000);
        using var source = new MemoryStream(bytes);
        using var target = new MemoryStream();

        var hash = FileHash.CopyAndHash(source, target);

        Assert.Equal(bytes, target.ToArray());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), hash);
    }
}
