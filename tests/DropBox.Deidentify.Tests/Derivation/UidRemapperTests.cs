using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using DropBox.Deidentify.Derivation;
using DropBox.Deidentify.Pseudonyms;

namespace DropBox.Deidentify.Tests.Derivation;

public sealed class UidRemapperTests
{
    private static readonly byte[] Key = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();
    private readonly UidRemapper _remapper = new(ProjectSecret.FromBytes(Key));

    [Fact]
    public void A_uid_becomes_2_25_and_the_decimal_of_the_first_128_bits_of_its_hmac()
    {
        const string original = "1.3.6.1.4.1.5962.99.1.2.786.1.1";
        var mac = HMACSHA256.HashData(Key, Encoding.UTF8.GetBytes(original));
        var expected = "2.25." + new BigInteger(mac.AsSpan(0, 16), isUnsigned: true, isBigEndian: true);

        var remapped = _remapper.Remap(original);

        Assert.Equal(expected, remapped);
        Assert.True(remapped.Length <= 64);
        Assert.Matches("^2\\.25\\.[1-9][0-9]*$", remapped);
        Assert.Equal(remapped, _remapper.Remap(original + "\0"));
    }

    [Fact]
    public void Another_secret_gives_another_uid_so_holding_the_original_uid_is_not_enough()
    {
        var other = new UidRemapper(ProjectSecret.FromBytes(new byte[32]));
        Assert.NotEqual(_remapper.Remap("1.2.3.4"), other.Remap("1.2.3.4"));
    }

    [Fact]
    public void Standard_uids_and_empty_values_stay_and_multi_values_are_remapped_one_by_one()
    {
        Assert.Equal("1.2.840.10008.5.1.4.1.1.2", _remapper.Remap("1.2.840.10008.5.1.4.1.1.2"));
        Assert.Equal("", _remapper.Remap(""));
        var both = _remapper.RemapAll("1.2.3\\1.2.840.10008.1.2");
        Assert.Equal(_remapper.Remap("1.2.3") + "\\1.2.840.10008.1.2", both);
    }
}
