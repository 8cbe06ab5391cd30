namespace DropBox.Deidentify.Derivation;

/// <summary>
/// Digest bytes as text: lower-case hex, and a 128-bit big-endian number in decimal. Written out here because the
/// framework's versions (Convert.ToHexStringLower's vectorised helper, UInt128 division and formatting) are generic
/// or not precompiled, so every process would JIT them for its first file; these loops are precompiled with the rest.
/// </summary>
internal static class DigestText
{
    private const uint Billion = 1_000_000_000;

    /// <summary>Lower-case hex of <paramref name="bytes"/>, two digits per byte.</summary>
    public static string LowerHex(ReadOnlySpan<byte> bytes)
    {
        Span<char> text = bytes.Length <= 64 ? stackalloc char[bytes.Length * 2] : new char[bytes.Length * 2];
        for (var i = 0; i < bytes.Length; i++)
        {
            text[2 * i] = "0123456789abcdef"[bytes[i] >> 4];
            text[2 * i + 1] = "0123456789abcdef"[bytes[i] & 0xF];
        }
        return new string(text);
    }

    /// <summary>
    /// The decimal digits of the unsigned 128-bit big-endian number in <paramref name="bytes"/> (exactly 16 bytes), no
    /// leading zeros ("0" for zero): four 32-bit limbs divided by 10^9 until nothing is left, nine digits per step.
    /// </summary>
    public static string Decimal128(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != 16)
        {
            throw new ArgumentException("A 128-bit number is 16 bytes.", nameof(bytes));
        }
        Span<uint> limbs = stackalloc uint[4];
        for (var i = 0; i < 4; i++)
        {
            limbs[i] = (uint)(bytes[4 * i] << 24 | bytes[4 * i + 1] << 16 | bytes[4 * i + 2] << 8 | bytes[4 * i + 3]);
        }
        Span<char> digits = stackalloc char[45]; // 2^128 has 39 digits; five steps of nine fill at most 45
        var at = digits.Length;
        do
        {
            ulong remainder = 0;
            for (var i = 0; i < 4; i++)
            {
                var current = remainder << 32 | limbs[i];
                limbs[i] = (uint)(current / Billion);
                remainder = current % Billion;
            }
            for (var d = 0; d < 9; d++)
            {
                digits[--at] = (char)('0' + (int)(remainder % 10));
                remainder /= 10;
            }
        }
        while ((limbs[0] | limbs[1] | limbs[2] | limbs[3]) != 0);
        while (at < digits.Length - 1 && digits[at] == '0')
        {
            at++;
        }
        return new string(digits[at..]);
    }
}
