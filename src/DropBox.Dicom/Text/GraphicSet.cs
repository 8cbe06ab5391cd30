using System.Text;

namespace DropBox.Dicom.Text;

/// <summary>
/// One ISO 2022 graphic character set as DICOM designates it (PS3.3 Table C.12-3/C.12-4): the escape sequence
/// that designates it, whether it goes to G0 (stored as GL bytes 0x21-0x7E) or G1 (invoked into GR, stored as
/// high bytes), and how its stored bytes map to Unicode.
/// </summary>
internal abstract class GraphicSet(string name, byte[] escape, bool isG1, int bytesPerChar)
{
    /// <summary>ISO-IR registration, for diagnostics only.</summary>
    public string Name { get; } = name;

    /// <summary>The designating escape sequence including ESC.</summary>
    public byte[] Escape { get; } = escape;

    public bool IsG1 { get; } = isG1;

    public int BytesPerChar { get; } = bytesPerChar;

    /// <summary>
    /// Whether <paramref name="b"/> can be a byte of a character of this set: GL 0x21-0x7E for G0 sets; GR for G1
    /// sets (0xA0-0xFF for 96-character sets, 0xA1-0xFE for 94-character ones).
    /// </summary>
    public virtual bool Holds(byte b) => IsG1 ? b is >= 0xA1 and <= 0xFE : b is >= 0x21 and <= 0x7E;

    /// <summary>Decodes whole characters of this set (length is a multiple of <see cref="BytesPerChar"/>).</summary>
    public abstract void Decode(ReadOnlySpan<byte> stored, StringBuilder into);

    /// <summary>Writes the stored bytes of <paramref name="rune"/>; 0 when the set does not have it.</summary>
    public abstract int TryEncode(Rune rune, Span<byte> into);

    public override string ToString() => Name;
}

/// <summary>ISO-IR 6 (ASCII) in G0, and JIS X 0201 Romaji (ISO-IR 14) which DICOM reads the same way.</summary>
/// <remarks>
/// Romaji differs from ASCII only at 0x5C (Yen sign) and 0x7E (overline); DICOM uses 0x5C as its value
/// delimiter in every repertoire, so both keep the ASCII meaning.
/// </remarks>
internal sealed class AsciiSet(string name, byte[] escape) : GraphicSet(name, escape, isG1: false, bytesPerChar: 1)
{
    public override void Decode(ReadOnlySpan<byte> stored, StringBuilder into)
    {
        foreach (var b in stored)
        {
            into.Append((char)b);
        }
    }

    public override int TryEncode(Rune rune, Span<byte> into)
    {
        if (rune.Value is < 0x21 or > 0x7E)
        {
            return 0;
        }
        into[0] = (byte)rune.Value;
        return 1;
    }
}

/// <summary>JIS X 0201 Katakana (ISO-IR 13) in G1: bytes 0xA1-0xDF are the half-width katakana U+FF61-U+FF9F.</summary>
internal sealed class KatakanaSet() : GraphicSet("ISO-IR 13", [0x1B, 0x29, 0x49], isG1: true, bytesPerChar: 1)
{
    public override bool Holds(byte b) => b is >= 0xA1 and <= 0xDF;

    public override void Decode(ReadOnlySpan<byte> stored, StringBuilder into)
    {
        foreach (var b in stored)
        {
            into.Append((char)(0xFF61 + (b - 0xA1)));
        }
    }

    public override int TryEncode(Rune rune, Span<byte> into)
    {
        if (rune.Value is < 0xFF61 or > 0xFF9F)
        {
            return 0;
        }
        into[0] = (byte)(0xA1 + (rune.Value - 0xFF61));
        return 1;
    }
}

/// <summary>A set whose bytes decode through a .NET code page, looked up (with its probing twin) on first use.</summary>
internal abstract class CodePageSet(string name, byte[] escape, bool isG1, int bytesPerChar, int codePage)
    : GraphicSet(name, escape, isG1, bytesPerChar)
{
    // Looked up on first use: every set is built when the table of defined terms is, and most runs use none of them.
    private Encoding? _decodingCache;
    private Encoding? _probingCache;

    public int CodePage { get; } = codePage;

    protected Encoding Decoding => _decodingCache ??= CodePages.Get(CodePage);

    protected Encoding Probing => _probingCache ??= CodePages.ForProbing(CodePage);
}

/// <summary>The upper half of an ISO 8859 part (or TIS 620) in G1: GR bytes decode through that code page.</summary>
internal sealed class UpperHalfSet(string name, byte finalByte, int codePage)
    : CodePageSet(name, [0x1B, 0x2D, finalByte], isG1: true, bytesPerChar: 1, codePage)
{
    public override bool Holds(byte b) => b >= 0xA0;

    public override void Decode(ReadOnlySpan<byte> stored, StringBuilder into) => into.Append(Decoding.GetString(stored));

    public override int TryEncode(Rune rune, Span<byte> into)
    {
        Span<char> chars = stackalloc char[2];
        Span<byte> bytes = stackalloc byte[4];
        var n = Probing.GetBytes(chars[..rune.EncodeToUtf16(chars)], bytes);
        if (n != 1 || bytes[0] < 0xA0)
        {
            return 0;
        }
        into[0] = bytes[0];
        return 1;
    }
}

/// <summary>
/// A 94x94 double-byte set whose EUC form is a .NET code page: JIS X 0208 (EUC-JP, in G0, stored with the high
/// bits cleared), KS X 1001 (EUC-KR, in G1) and GB 2312 (GBK restricted to 0xA1-0xFE pairs, in G1).
/// </summary>
internal sealed class EucDoubleByteSet(string name, byte[] escape, bool isG1, int codePage)
    : CodePageSet(name, escape, isG1, bytesPerChar: 2, codePage)
{
    public override void Decode(ReadOnlySpan<byte> stored, StringBuilder into)
    {
        if (IsG1)
        {
            into.Append(Decoding.GetString(stored));
            return;
        }
        var euc = stored.ToArray();
        for (var i = 0; i < euc.Length; i++)
        {
            euc[i] |= 0x80;
        }
        into.Append(Decoding.GetString(euc));
    }

    public override int TryEncode(Rune rune, Span<byte> into)
    {
        Span<char> chars = stackalloc char[2];
        Span<byte> bytes = stackalloc byte[8];
        var n = Probing.GetBytes(chars[..rune.EncodeToUtf16(chars)], bytes);
        // Only the 94x94 GR block is this set: EUC-JP's 0x8E/0x8F prefixes and GBK's extensions are other sets.
        if (n != 2 || bytes[0] is < 0xA1 or > 0xFE || bytes[1] is < 0xA1 or > 0xFE)
        {
            return 0;
        }
        var mask = IsG1 ? (byte)0xFF : (byte)0x7F;
        into[0] = (byte)(bytes[0] & mask);
        into[1] = (byte)(bytes[1] & mask);
        return 2;
    }
}

/// <summary>JIS X 0212 supplementary kanji (ISO-IR 159) in G0; no .NET code page has it, so it uses its own table.</summary>
internal sealed class JisX0212Set() : GraphicSet("ISO-IR 159", [0x1B, 0x24, 0x28, 0x44], isG1: false, bytesPerChar: 2)
{
    private static readonly Lazy<Dictionary<int, ushort>> Reverse = new(BuildReverse);

    public override void Decode(ReadOnlySpan<byte> stored, StringBuilder into)
    {
        for (var i = 0; i + 1 < stored.Length; i += 2)
        {
            var row = JisX0212Table.Rows[stored[i] - 0x21];
            var cell = stored[i + 1] - 0x21;
            into.Append(row is not null && cell < row.Length && row[cell] != '\0' ? row[cell] : '\uFFFD');
        }
    }

    public override int TryEncode(Rune rune, Span<byte> into)
    {
        if (!Reverse.Value.TryGetValue(rune.Value, out var code))
        {
            return 0;
        }
        into[0] = (byte)(code >> 8);
        into[1] = (byte)code;
        return 2;
    }

    private static Dictionary<int, ushort> BuildReverse()
    {
        var map = new Dictionary<int, ushort>();
        for (var r = 0; r < JisX0212Table.Rows.Length; r++)
        {
            var row = JisX0212Table.Rows[r];
            for (var c = 0; row is not null && c < row.Length; c++)
            {
                if (row[c] != '\0')
                {
                    map.TryAdd(row[c], (ushort)(((0x21 + r) << 8) | (0x21 + c)));
                }
            }
        }
        return map;
    }
}
