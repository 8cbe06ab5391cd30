using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>
/// The receiving site as the crash tests play it: a throwaway gpg home holding the TEST-ONLY private key
/// (samples/keys), made on first use, so a test opens the daemon's ciphertexts exactly as the receiver would.
/// </summary>
internal sealed class TestReceiver(TempDir temp) : IDisposable
{
    private string? _home;

    /// <summary>Decrypts <paramref name="ciphertext"/> into <paramref name="plainPath"/>; fails the test when gpg cannot.</summary>
    public void Open(string ciphertext, string plainPath)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(plainPath)!);
        Gpg(Home(), "--output", plainPath, "--decrypt", ciphertext);
    }

    private string Home()
    {
        if (_home is not null)
        {
            return _home;
        }
        var home = temp.CreateDirectory("gnupg-receiver");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Gpg(home, "--import", Path.Combine(RepoPaths.RepoRoot, "samples", "keys", "TEST-ONLY-receiver.secret.asc"));
        return _home = home;
    }

    private static void Gpg(string home, params string[] args)
    {
        var result = ProcessRunner.Run("gpg", ["--homedir", home, "--batch", "--yes", .. args]);
        Assert.True(result.ExitCode == 0, result.Describe());
    }

    /// <summary>Stops the gpg-agent the import started for this home.</summary>
    public void Dispose()
    {
        if (_home is not null)
        {
            ProcessRunner.Run("gpgconf", ["--kill", "all"], env: new Dictionary<string, string?> { ["GNUPGHOME"] = _home });
        }
    }
}
