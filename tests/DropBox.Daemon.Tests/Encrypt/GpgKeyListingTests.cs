using DropBox.Daemon.Encrypt;

namespace DropBox.Daemon.Tests.Encrypt;

public sealed class GpgKeyListingTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.FromUnixTimeSeconds(1_800_000_000);

    private const string Primary = """
        pub:-:255:22:AD1CB69C6F09248D:1795313665:::-:::scESC:::::ed25519:::0:
        fpr:::::::::7114054A3361FDDEF25F58C6AD1CB69C6F09248D:
        uid:-::::1795313665::5556768B8CBB27FFC97427BDA371980FC0F8993C::Dr. Receiver \x3a UM <r@example.invalid>::::::::::0:
        """;

    [Fact]
    public void A_revoked_encryption_subkey_is_not_usable_and_is_named_in_the_problem()
    {
        var listing = Primary + """

            sub:r:255:18:DDA44F1CB7BA3ADE:1795313665::::::e:::::cv25519::
            fpr:::::::::1A9E5AEF1ADC534BD556A7DEDDA44F1CB7BA3ADE:
            """;

        var key = GpgKeyListing.Parse("k.asc", listing, Now);

        Assert.False(key.IsUsable);
        Assert.Contains("encryption subkey DDA44F1CB7BA3ADE is revoked", Assert.Single(key.Problems), StringComparison.Ordinal);
        Assert.Equal("Dr. Receiver : UM <r@example.invalid>", key.UserId);
    }

    [Fact]
    public void A_revoked_primary_key_is_reported_revoked()
    {
        var listing = Primary.Replace("pub:-:", "pub:r:", StringComparison.Ordinal);

        var key = GpgKeyListing.Parse("k.asc", listing, Now);

        Assert.Contains("is revoked", Assert.Single(key.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void An_expired_subkey_is_skipped_when_a_newer_valid_one_exists()
    {
        var listing = Primary + """

            sub:-:255:18:1111111111111111:1700000000:1700086400:::::e:::::cv25519::
            fpr:::::::::AAAAAAAAAAAAAAAAAAAAAAAA1111111111111111:
            sub:-:255:18:2222222222222222:1790000000::::::e:::::cv25519::
            fpr:::::::::BBBBBBBBBBBBBBBBBBBBBBBB2222222222222222:
            """;

        var key = GpgKeyListing.Parse("k.asc", listing, Now);

        Assert.True(key.IsUsable);
        Assert.Equal("2222222222222222", Assert.Single(key.EncryptionSubkeys).KeyId);
    }

    [Fact]
    public void Two_keys_in_one_file_are_reported()
    {
        var key = GpgKeyListing.Parse("k.asc", Primary + "\n" + Primary, Now);

        Assert.Contains(key.Problems, p => p.Contains("holds 2 keys", StringComparison.Ordinal));
    }
}
