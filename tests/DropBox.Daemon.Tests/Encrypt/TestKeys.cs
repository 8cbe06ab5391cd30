namespace DropBox.Daemon.Tests.Encrypt;

/// <summary>One generated test key: its own gpg home (holding the secret key) and its exported public key file.</summary>
public sealed record TestKey(string Name, string Home, string PublicKeyFile, string Fingerprint);

/// <summary>
/// Throwaway receiver keys, generated once for all encryption tests (rsa4096 takes seconds). Each key lives in
/// its own gpg home so a decryption proves that exactly that key can open the file.
/// </summary>
public sealed class TestKeys : IDisposable
{
    private readonly List<string> _homes = [];

    public TestKeys()
    {
        Root = Directory.CreateTempSubdirectory("dbx-keys-").FullName;
        if (!GpgTool.IsInstalled)
        {
            return;
        }

        Ed25519 = Make("ed25519", "future-default", "default", binaryExport: false);
        Rsa3072 = Make("rsa3072", "rsa3072", "cert", binaryExport: false, subkey: "rsa3072");
        Rsa4096 = Make("rsa4096", "rsa4096", "cert", binaryExport: true, subkey: "rsa4096");
        SignOnly = Make("signonly", "rsa3072", "sign", binaryExport: false);
        ExpiringSubkey = Make("expiring", "ed25519", "cert", binaryExport: false, subkey: "cv25519", subkeyExpiry: "1d");
        SecretKeyFile = Path.Combine(Root, "ed25519.secret.asc");
        File.WriteAllText(SecretKeyFile, GpgTool.RunOk(Ed25519.Home, "--armor", "--export-secret-keys", Ed25519.Fingerprint));
    }

    public string Root { get; }
    public TestKey Ed25519 { get; } = null!;
    public TestKey Rsa3072 { get; } = null!;
    public TestKey Rsa4096 { get; } = null!;
    public TestKey SignOnly { get; } = null!;
    public TestKey ExpiringSubkey { get; } = null!;
    public string SecretKeyFile { get; } = null!;

    public TestKey ByName(string name) => name switch
    {
        "ed25519" => Ed25519,
        "rsa3072" => Rsa3072,
        "rsa4096" => Rsa4096,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    private TestKey Make(string name, string algo, string usage, bool binaryExport, string? subkey = null, string subkeyExpiry = "never")
    {
        var home = GpgTool.NewHome(Root, name);
        _homes.Add(home);
        var created = GpgTool.RunOk(home, "--passphrase", "", "--pinentry-mode", "loopback", "--status-fd", "1",
            "--quick-gen-key", $"Test {name} receiver <{name}@example.invalid>", algo, usage, "never");
        var fingerprint = created.Split('\n').First(l => l.StartsWith("[GNUPG:] KEY_CREATED", StringComparison.Ordinal)).Split(' ')[3].Trim();
        if (subkey is not null)
        {
            GpgTool.RunOk(home, "--passphrase", "", "--pinentry-mode", "loopback", "--quick-add-key", fingerprint, subkey, "encr", subkeyExpiry);
        }

        var file = Path.Combine(Root, name + (binaryExport ? ".pub.gpg" : ".pub.asc"));
        var (code, _, stderr) = GpgTool.Run(home, binaryExport ? ["--output", file, "--export", fingerprint] : ["--armor", "--output", file, "--export", fingerprint]);
        Assert.True(code == 0, stderr);
        return new TestKey(name, home, file, fingerprint);
    }

    public void Dispose()
    {
        foreach (var home in _homes)
        {
            System.Diagnostics.Process.Start("gpgconf", ["--homedir", home, "--kill", "gpg-agent"])?.WaitForExit();
        }

        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class GpgKeysCollection : ICollectionFixture<TestKeys>
{
    public const string Name = "gpg test keys";
}
