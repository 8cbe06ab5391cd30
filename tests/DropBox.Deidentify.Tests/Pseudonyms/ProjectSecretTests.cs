using DropBox.Deidentify.Pseudonyms;
using DropBox.Testing;

namespace DropBox.Deidentify.Tests.Pseudonyms;

public sealed class ProjectSecretTests
{
    [Fact]
    public void A_new_secret_is_32_bytes_owner_only_and_the_same_when_loaded_again()
    {
        using var dir = new TempDir();
        var path = dir.Combine("state", "liver.secret");
        var first = ProjectSecret.LoadOrCreate(path);
        var second = ProjectSecret.LoadOrCreate(path);

        Assert.Equal(32, new FileInfo(path).Length);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(first.Hmac("x"), second.Hmac("x"));
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));
    }

    [Fact]
    public void A_truncated_secret_file_is_refused_rather_than_replaced()
    {
        using var dir = new TempDir();
        var path = dir.WriteFile("bad.secret", new byte[5]);
        var error = Assert.Throws<InvalidDataException>(() => ProjectSecret.LoadOrCreate(path));
        Assert.Contains("Restore it from backup", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_secrets_give_different_hmacs_and_purposes_separate_domains()
    {
        var a = ProjectSecret.FromBytes(Enumerable.Repeat((byte)1, 32).ToArray());
        var b = ProjectSecret.FromBytes(Enumerable.Repeat((byte)2, 32).ToArray());
        Assert.NotEqual(a.Hmac("v"), b.Hmac("v"));
        Assert.NotEqual(a.Hmac("patient", "v"), a.Hmac("date-shift", "v"));
    }

    [Fact]
    public void Hmac_is_rfc_2104_hmac_sha256_whatever_the_order_of_secrets_and_threads()
    {
        var keyA = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var keyB = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
        var a = ProjectSecret.FromBytes(keyA);
        var b = ProjectSecret.FromBytes(keyB);
        string[] messages = ["", "1.2.3.4", "Zebediah^Quux", new string('x', 5000), "山田^太郎"];

        Parallel.For(0, 8, worker =>
        {
            for (var round = 0; round < 50; round++)
            {
                var message = messages[(worker + round) % messages.Length];
                var (secret, key) = (worker + round) % 3 == 0 ? (b, keyB) : (a, keyA);
                Assert.Equal(System.Security.Cryptography.HMACSHA256.HashData(key, System.Text.Encoding.UTF8.GetBytes(message)), secret.Hmac(message));
            }
        });
    }
}
