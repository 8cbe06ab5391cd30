using System.Security.Cryptography;
using DropBox.Daemon.Encrypt;

namespace DropBox.Daemon.Tests.Encrypt;

/// <summary>Receiver keys are imported once per key set into the private gpg home, and never used when they differ from the files.</summary>
[Collection(GpgKeysCollection.Name)]
public sealed class ReceiverKeyringTests(TestKeys keys) : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("dbx-keyring-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    private string GpgHome => Path.Combine(_work, "state", "gnupg");

    private string KeySets => Path.Combine(GpgHome, "keysets");

    private GpgEncryptor Encryptor() => new(new EncryptOptions(), GpgHome, TimeProvider.System);

    private static async Task<ReceiverKey> Inspect(string file) =>
        await new GpgKeyInspector(new EncryptOptions(), TimeProvider.System).InspectAsync(file, CancellationToken.None);

    private EncryptJob Job(string name)
    {
        var dir = Path.Combine(_work, "uploads", name);
        Directory.CreateDirectory(dir);
        var input = Path.Combine(dir, "package.dcm");
        File.WriteAllBytes(input, RandomNumberGenerator.GetBytes(20_000));
        return new EncryptJob(input, Path.Combine(dir, name + ".dcm.gpg"));
    }

    private async Task<EncryptResult> EncryptOne(GpgEncryptor encryptor, string name, params ReceiverKey[] recipients) =>
        Assert.Single(await encryptor.EncryptAsync([Job(name)], recipients, CancellationToken.None));

    private static bool Decrypts(TestKey key, string cipherFile) =>
        GpgTool.Run(key.Home, "--output", cipherFile + "." + key.Name + ".plain", "--decrypt", cipherFile).ExitCode == 0;

    [GpgFact]
    public async Task Keys_are_imported_once_and_later_batches_and_restarts_reuse_the_same_keyring()
    {
        var recipients = new[] { await Inspect(keys.Ed25519.PublicKeyFile), await Inspect(keys.Rsa3072.PublicKeyFile) };

        Assert.True((await EncryptOne(Encryptor(), "u-1", recipients)).Succeeded);
        var set = Assert.Single(Directory.GetDirectories(KeySets));
        var keyring = Path.Combine(set, "pubring.kbx");
        var importedAt = File.GetLastWriteTimeUtc(keyring);
        File.SetLastWriteTimeUtc(keyring, importedAt.AddMinutes(-5));   // any rewrite would move it forward again
        var encryptor = Encryptor();
        var second = await EncryptOne(encryptor, "u-2", recipients);
        var afterRestart = await EncryptOne(Encryptor(), "u-3", recipients.Reverse().ToArray());

        Assert.True(second.Succeeded, second.Error);
        Assert.True(afterRestart.Succeeded, afterRestart.Error);
        Assert.Equal(set, Assert.Single(Directory.GetDirectories(KeySets)));
        Assert.Equal(importedAt.AddMinutes(-5), File.GetLastWriteTimeUtc(keyring));
        Assert.True(Decrypts(keys.Ed25519, afterRestart.Output!.Path));
        Assert.True(Decrypts(keys.Rsa3072, afterRestart.Output!.Path));
        Assert.Empty(Directory.GetFiles(set, "source-*"));   // the imported copies of the key files are not kept
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(set));
        }
    }

    [GpgFact]
    public async Task A_key_file_replaced_by_another_key_is_imported_as_a_new_set_and_only_the_new_key_can_decrypt()
    {
        var keyFile = Path.Combine(_work, "receiver.asc");
        File.Copy(keys.Ed25519.PublicKeyFile, keyFile);
        var encryptor = Encryptor();
        Assert.True((await EncryptOne(encryptor, "u-1", await Inspect(keyFile))).Succeeded);

        File.Copy(keys.Rsa3072.PublicKeyFile, keyFile, overwrite: true);
        var result = await EncryptOne(encryptor, "u-2", await Inspect(keyFile));

        Assert.True(result.Succeeded, result.Error);
        Assert.Equal(2, Directory.GetDirectories(KeySets).Length);
        Assert.True(Decrypts(keys.Rsa3072, result.Output!.Path));
        Assert.False(Decrypts(keys.Ed25519, result.Output!.Path));
    }

    [GpgFact]
    public async Task A_keyring_whose_key_differs_from_the_key_file_is_rebuilt_and_never_used()
    {
        var ed25519 = await Inspect(keys.Ed25519.PublicKeyFile);
        Assert.True((await EncryptOne(Encryptor(), "u-1", ed25519)).Succeeded);
        // Someone swaps the keyring of that set for one holding another key.
        var set = Assert.Single(Directory.GetDirectories(KeySets));
        Directory.Delete(set, recursive: true);
        Directory.CreateDirectory(set);
        GpgTool.RunOk(set, "--import", keys.Rsa3072.PublicKeyFile);

        var result = await EncryptOne(Encryptor(), "u-2", ed25519);

        Assert.True(result.Succeeded, result.Error);
        Assert.True(Decrypts(keys.Ed25519, result.Output!.Path));
        Assert.False(Decrypts(keys.Rsa3072, result.Output!.Path));
        Assert.Equal(ed25519.EncryptionSubkeys.Select(k => k.KeyId), result.Output.RecipientKeyIds);
        var listing = GpgTool.RunOk(set, "--with-colons", "--list-keys");
        Assert.Contains(keys.Ed25519.Fingerprint, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(keys.Rsa3072.Fingerprint, listing, StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task A_key_file_that_changed_after_it_was_checked_is_refused_and_nothing_is_encrypted()
    {
        var keyFile = Path.Combine(_work, "receiver.asc");
        File.Copy(keys.Ed25519.PublicKeyFile, keyFile);
        var checkedKey = await Inspect(keyFile);
        File.Copy(keys.Rsa3072.PublicKeyFile, keyFile, overwrite: true);   // between the check and the import
        var job = Job("u-1");

        var error = await Assert.ThrowsAsync<EncryptionException>(() => Encryptor().EncryptAsync([job], [checkedKey], CancellationToken.None));

        Assert.Contains(keys.Ed25519.Fingerprint, error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(job.OutputPath) || File.Exists(job.InputPath + ".gpg"));
        Assert.Empty(Directory.GetDirectories(KeySets));
    }

    [Fact]
    public void The_key_set_id_depends_on_the_key_files_bytes_not_on_their_order()
    {
        byte[] a = [1, 2, 3];
        byte[] b = [4, 5, 6];

        Assert.Equal(ReceiverKeyring.SetId([a, b]), ReceiverKeyring.SetId([b, a]));
        Assert.NotEqual(ReceiverKeyring.SetId([a, b]), ReceiverKeyring.SetId([a, [4, 5, 7]]));
        Assert.NotEqual(ReceiverKeyring.SetId([a]), ReceiverKeyring.SetId([a, b]));
    }

    [GpgFact]
    public async Task An_import_folder_left_by_a_process_killed_mid_import_is_removed_and_a_recent_one_is_left_alone()
    {
        var abandoned = Directory.CreateDirectory(Path.Combine(KeySets, ".import-0badf00d")).FullName;
        Directory.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow.AddHours(-1));
        var inProgress = Directory.CreateDirectory(Path.Combine(KeySets, ".import-12345678")).FullName;

        Assert.True((await EncryptOne(Encryptor(), "u-1", await Inspect(keys.Ed25519.PublicKeyFile))).Succeeded);

        Assert.False(Directory.Exists(abandoned));
        Assert.True(Directory.Exists(inProgress));
    }
}
