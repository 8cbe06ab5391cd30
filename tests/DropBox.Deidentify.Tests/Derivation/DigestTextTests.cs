using System.Numerics;
using DropBox.Deidentify.Derivation;

namespace DropBox.Deidentify.Tests.Derivation;

public sealed class DigestTextTests
{
    [Theory]
    [InlineData("00000000000000000000000000000000", "0")]
    [InlineData("00000000000000000000000000000001", "1")]
    [InlineData("0000000000000000000000003B9ACA00", "1000000000")]
    [InlineData("0000000000000000FFFFFFFFFFFFFFFF", "18446744073709551615")]
    [InlineData("00000000000000010000000000000000", "18446744073709551616")]
    [InlineData("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF", "340282366920938463463374607431768211455")]
    public void Decimal128_spells_edge_values_exactly(string hex, string expected)
    {
        Assert.Equal(expected, DigestText.Decimal128(Convert.FromHexString(hex)));
    }

    [Fact]
    public void Decimal128_agrees_with_BigInteger_on_random_numbers_of_every_size()
    {
        var random = new Random(20261122);
        var bytes = new byte[16];
        for (var n = 0; n < 5000; n++)
        {
            random.NextBytes(bytes);
            bytes.AsSpan(0, random.Next(17)).Clear(); // leading zero bytes: short numbers too
            var expected = new BigInteger(bytes, isUnsigned: true, isBigEndian: true).ToString(System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(expected, DigestText.Decimal128(bytes));
        }
    }

    [Fact]
    public void Decimal128_takes_exactly_16_bytes()
    {
        Assert.Throws<ArgumentException>(() => DigestText.Decimal128(new byte[15]));
    }

    [Fact]
    public void LowerHex_matches_the_framework_on_random_bytes()
    {
        var random = new Random(7);
        for (var length = 0; length <= 70; length++)
        {
            var bytes = new byte[length];
            random.NextBytes(bytes);
            Assert.Equal(Convert.ToHexStringLower(bytes), DigestText.LowerHex(bytes));
        }
    }
}
