using System.Security.Cryptography;
using DropBox.Daemon.Encrypt;

namespace DropBox.Daemon.Tests.Encrypt;

public sealed class SampleKeysTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("dbx-sample-keys-").FullName;

    public void Dispose()
    {
        System.Diagnostics.Process.Start("gpgconf", ["--homedir", Path.Combine(_work, "receiver"), "--kill", "gpg-agent"])?.WaitForExit();
        Directory.Delete(_work, recursive: true);
    }

    private static string KeysFolder()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DropBox.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("DropBox.sln not found above the test binaries"), "samples", "keys");
    }

    [GpgFact]
    public async Task The_committed_TEST_ONLY_key_pair_encrypts_and_decrypts()
    {
        var keys = KeysFolder();
        var receiver = await new GpgKeyInspector(new EncryptOptions(), TimeProvider.System)
            .InspectAsync(Path.Combine(keys, "TEST-ONLY-receiver.pub.asc"), CancellationToken.None);
        Assert.True(receiver.IsUsable, string.Join("; ", receiver.Problems));
        Assert.Contains("TEST-ONLY", receiver.UserId, StringComparison.Ordinal);
        var input = Path.Combine(_work, "u-1", "plain.dcm");
        Directory.CreateDirectory(Path.GetDirectoryName(input)!);
        var bytes = RandomNumberGenerator.GetBytes(10_000);
        await File.WriteAllBytesAsync(input, bytes);

        var result = Assert.Single(await new GpgEncryptor(new EncryptOptions(), Path.Combine(_work, "gnupg"), TimeProvider.System)
            .EncryptAsync([new EncryptJob(input, input + ".out.gpg")], [receiver], CancellationToken.None));

        Assert.True(result.Succeeded, result.Error);
        var home = GpgTool.NewHome(_work, "receiver");
        GpgTool.RunOk(home, "--import", Path.Combine(keys, "TEST-ONLY-receiver.secret.asc"));
        GpgTool.RunOk(home, "--output", input + ".back", "--decrypt", result.Output!.Path);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(input + ".back"));
    }
}
