using DropBox.Testing;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary>One throwaway receiver key: its own GNUPGHOME (holding the secret key) and its exported public key.</summary>
public sealed record E2EKey(string Name, string Home, string PublicKeyFile, string Fingerprint);

/// <summary>
/// The receiver keys of the end-to-end tests, made once per test run with the real gpg (rsa4096 takes seconds):
/// ed25519/cv25519 (<c>future-default</c>), rsa3072 and rsa4096 (a certify-only primary plus an encryption
/// subkey, since <c>--quick-gen-key U rsa4096 default</c> may be sign-only), and a sign-only key for
/// <c>dropbox check</c>. Each key has its own home, so a decryption proves exactly that key opens the file.
/// </summary>
public sealed class E2EKeys
{
    private static readonly Lazy<E2EKeys> _shared = new(() => new E2EKeys());

    /// <summary>The keys, generated on first use (only call from tests that need gpg).</summary>
    public static E2EKeys Shared => _shared.Value;

    private E2EKeys()
    {
        // Short path: gpg-agent's socket path must stay under ~100 bytes.
        Root = Directory.CreateTempSubdirectory("dbx-e2ek-").FullName;
        Ed25519 = Make("ed25519", "future-default", "default", null);
        Rsa3072 = Make("rsa3072", "rsa3072", "cert", "rsa3072");
        Rsa4096 = Make("rsa4096", "rsa4096", "cert", "rsa4096");
        SignOnly = Make("signonly", "ed25519", "sign", null);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Cleanup();
    }

    public string Root { get; }
    public E2EKey Ed25519 { get; }
    public E2EKey Rsa3072 { get; }
    public E2EKey Rsa4096 { get; }
    public E2EKey SignOnly { get; }

    /// <summary>The three encryption-capable receiver keys.</summary>
    public IReadOnlyList<E2EKey> Receivers => [Rsa3072, Rsa4096, Ed25519];

    /// <summary><c>gpg --decrypt</c> with this key's home only; returns the plaintext path. Fails the test on error.</summary>
    public static string Decrypt(E2EKey key, string cipherFile, string plainFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(plainFile)!);
        var result = Gpg(key.Home, "--status-fd", "2", "--output", plainFile, "--decrypt", cipherFile);
        Assert.True(result.ExitCode == 0, $"{key.Name} cannot decrypt {Path.GetFileName(cipherFile)}: {result.Describe()}");
        // AES-256 (9) with integrity protection (MDC "2" or AEAD).
        Assert.Contains("DECRYPTION_OKAY", result.StdErr, StringComparison.Ordinal);
        return plainFile;
    }

    public static ProcessResult Gpg(string home, params string[] args) =>
        ProcessRunner.Run("gpg", ["--homedir", home, "--batch", "--pinentry-mode", "loopback", "--passphrase", "", .. args],
            timeout: TimeSpan.FromMinutes(2));

    private E2EKey Make(string name, string algo, string usage, string? subkey)
    {
        var home = Path.Combine(Root, name);
        Directory.CreateDirectory(home);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var created = Gpg(home, "--status-fd", "1", "--quick-gen-key", $"E2E {name} receiver <{name}@example.invalid>", algo, usage, "never");
        Assert.True(created.ExitCode == 0, created.Describe());
        var fingerprint = created.StdOutLines.First(l => l.StartsWith("[GNUPG:] KEY_CREATED", StringComparison.Ordinal)).Split(' ')[3];
        if (subkey is not null)
        {
            var added = Gpg(home, "--quick-add-key", fingerprint, subkey, "encr", "never");
            Assert.True(added.ExitCode == 0, added.Describe());
        }
        var file = Path.Combine(Root, name + ".pub.asc");
        var exported = Gpg(home, "--armor", "--output", file, "--export", fingerprint);
        Assert.True(exported.ExitCode == 0, exported.Describe());
        return new E2EKey(name, home, file, fingerprint);
    }

    private void Cleanup()
    {
        foreach (var key in new[] { Ed25519, Rsa3072, Rsa4096, SignOnly })
        {
            try
            {
                ProcessRunner.Run("gpgconf", ["--homedir", key.Home, "--kill", "gpg-agent"], timeout: TimeSpan.FromSeconds(10));
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
            }
        }
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
