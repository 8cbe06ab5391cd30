using DropBox.Daemon.Encrypt;

namespace DropBox.Daemon.Tests.Encrypt;

[Collection(GpgKeysCollection.Name)]
public sealed class GpgKeyInspectorTests(TestKeys keys)
{
    private static GpgKeyInspector Inspector(TimeProvider? time = null) => new(new EncryptOptions(), time ?? TimeProvider.System);

    [GpgTheory]
    [InlineData("ed25519", "ed25519", "cv25519")]
    [InlineData("rsa3072", "rsa3072", "rsa3072")]
    [InlineData("rsa4096", "rsa4096", "rsa4096")]
    internal async Task A_receiver_key_with_an_encryption_subkey_is_usable_and_described(string name, string algorithm, string subkeyAlgorithm)
    {
        var key = keys.ByName(name);

        var report = await Inspector().InspectAsync(key.PublicKeyFile, CancellationToken.None);

        Assert.True(report.IsUsable, string.Join("; ", report.Problems));
        Assert.Equal(key.Fingerprint, report.Fingerprint);
        Assert.Equal($"Test {name} receiver <{name}@example.invalid>", report.UserId);
        Assert.Equal(algorithm, report.Algorithm);
        var subkey = Assert.Single(report.EncryptionSubkeys);
        Assert.Equal(subkeyAlgorithm, subkey.Algorithm);
        Assert.Equal(subkey.Fingerprint[^16..], subkey.KeyId);
        Assert.Null(subkey.Expires);
    }

    [GpgFact]
    public async Task A_sign_only_key_is_reported_as_having_no_usable_encryption_subkey()
    {
        var report = await Inspector().InspectAsync(keys.SignOnly.PublicKeyFile, CancellationToken.None);

        Assert.False(report.IsUsable);
        var problem = Assert.Single(report.Problems);
        Assert.Contains("has no usable encryption subkey (its only key can sign/certify)", problem, StringComparison.Ordinal);
        Assert.Contains("ask the receiver for a key with an encryption subkey", problem, StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task An_encryption_subkey_is_usable_before_it_expires_and_reported_expired_after()
    {
        var now = TimeProvider.System.GetUtcNow();

        var today = await Inspector().InspectAsync(keys.ExpiringSubkey.PublicKeyFile, CancellationToken.None);
        var later = await Inspector(new FakeTimeProvider(now.AddDays(2))).InspectAsync(keys.ExpiringSubkey.PublicKeyFile, CancellationToken.None);

        Assert.True(today.IsUsable, string.Join("; ", today.Problems));
        Assert.NotNull(Assert.Single(today.EncryptionSubkeys).Expires);
        Assert.False(later.IsUsable);
        Assert.Matches(@"encryption subkey [0-9A-F]{16} expired on \d{4}-\d\d-\d\d", Assert.Single(later.Problems));
    }

    [GpgFact]
    public async Task A_file_holding_a_secret_key_is_refused_with_the_advice_to_give_only_the_public_key()
    {
        var report = await Inspector().InspectAsync(keys.SecretKeyFile, CancellationToken.None);

        Assert.False(report.IsUsable);
        Assert.Contains(report.Problems, p => p.Contains("contains a SECRET key: give only the public key", StringComparison.Ordinal));
    }

    [GpgFact]
    public async Task A_missing_key_file_is_reported_not_found()
    {
        var missing = Path.Combine(keys.Root, "nope.asc");

        var report = await Inspector().InspectAsync(missing, CancellationToken.None);

        Assert.Contains("not found", Assert.Single(report.Problems), StringComparison.Ordinal);
        Assert.Null(report.Fingerprint);
    }

    [GpgFact]
    public async Task A_file_that_is_not_a_key_is_reported_as_not_an_OpenPGP_public_key()
    {
        var text = Path.Combine(keys.Root, "not-a-key.asc");
        await File.WriteAllTextAsync(text, "this is a certificate request, not a key\n");

        var report = await Inspector().InspectAsync(text, CancellationToken.None);

        Assert.Contains("is not an OpenPGP public key", Assert.Single(report.Problems), StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task An_empty_key_file_is_reported()
    {
        var empty = Path.Combine(keys.Root, "empty.asc");
        await File.WriteAllBytesAsync(empty, []);

        var report = await Inspector().InspectAsync(empty, CancellationToken.None);

        Assert.Contains("is empty", Assert.Single(report.Problems), StringComparison.Ordinal);
    }

    [GpgFact]
    public async Task Inspecting_every_kind_of_key_leaves_the_users_home_untouched()
    {
        var home = Directory.CreateTempSubdirectory("dbx-home-").FullName;
        try
        {
            var inspector = new GpgKeyInspector(new EncryptOptions(), TimeProvider.System) { Environment = new Dictionary<string, string> { ["HOME"] = home } };

            var reports = await inspector.InspectAllAsync(
                [keys.Ed25519.PublicKeyFile, keys.Rsa4096.PublicKeyFile, keys.SecretKeyFile, keys.SignOnly.PublicKeyFile], CancellationToken.None);

            Assert.Equal(4, reports.Count);
            Assert.Empty(Directory.EnumerateFileSystemEntries(home));
        }
        finally
        {
            Directory.Delete(home, recursive: true);
        }
    }
}
