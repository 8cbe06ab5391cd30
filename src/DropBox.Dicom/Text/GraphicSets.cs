namespace DropBox.Dicom.Text;

/// <summary>The graphic sets DICOM designates by escape sequence (PS3.3 Tables C.12-3 and C.12-4, PS3.5 §6.1.2.5).</summary>
internal static class GraphicSets
{
    public static readonly GraphicSet Ascii = new AsciiSet("ISO-IR 6", [0x1B, 0x28, 0x42]);
    public static readonly GraphicSet Romaji = new AsciiSet("ISO-IR 14", [0x1B, 0x28, 0x4A]);
    public static readonly GraphicSet Katakana = new KatakanaSet();
    public static readonly GraphicSet Latin1 = new UpperHalfSet("ISO-IR 100", 0x41, 28591);
    public static readonly GraphicSet Latin2 = new UpperHalfSet("ISO-IR 101", 0x42, 28592);
    public static readonly GraphicSet Latin3 = new UpperHalfSet("ISO-IR 109", 0x43, 28593);
    public static readonly GraphicSet Latin4 = new UpperHalfSet("ISO-IR 110", 0x44, 28594);
    public static readonly GraphicSet Cyrillic = new UpperHalfSet("ISO-IR 144", 0x4C, 28595);
    public static readonly GraphicSet Arabic = new UpperHalfSet("ISO-IR 127", 0x47, 28596);
    public static readonly GraphicSet Greek = new UpperHalfSet("ISO-IR 126", 0x46, 28597);
    public static readonly GraphicSet Hebrew = new UpperHalfSet("ISO-IR 138", 0x48, 28598);
    public static readonly GraphicSet Latin5 = new UpperHalfSet("ISO-IR 148", 0x4D, 28599);
    // TIS 620-2533 is Windows-874 without the C1 additions, which GR never reaches.
    public static readonly GraphicSet Thai = new UpperHalfSet("ISO-IR 166", 0x54, CodePages.Windows874);
    public static readonly GraphicSet JisX0208 = new EucDoubleByteSet("ISO-IR 87", [0x1B, 0x24, 0x42], isG1: false, CodePages.EucJp);
    public static readonly GraphicSet JisX0212 = new JisX0212Set();
    public static readonly GraphicSet KsX1001 = new EucDoubleByteSet("ISO-IR 149", [0x1B, 0x24, 0x29, 0x43], isG1: true, CodePages.EucKr);
    public static readonly GraphicSet Gb2312 = new EucDoubleByteSet("ISO-IR 58", [0x1B, 0x24, 0x29, 0x41], isG1: true, CodePages.Gbk);

    /// <summary>
    /// Every recognised escape sequence. Besides DICOM's own, ESC $ @ (JIS C 6226-1978, the older edition of
    /// JIS X 0208 that some Japanese writers emit) is read as JIS X 0208.
    /// </summary>
    private static readonly (byte[] Escape, GraphicSet Set)[] ByEscape = BuildByEscape();

    // A loop, not Select into tuples: that is generic code every process would JIT for this one table.
    private static (byte[] Escape, GraphicSet Set)[] BuildByEscape()
    {
        GraphicSet[] sets = [Ascii, Romaji, Katakana, Latin1, Latin2, Latin3, Latin4, Cyrillic, Arabic, Greek, Hebrew, Latin5, Thai, JisX0208, JisX0212, KsX1001, Gb2312];
        var table = new (byte[] Escape, GraphicSet Set)[sets.Length + 1];
        for (var i = 0; i < sets.Length; i++)
        {
            table[i] = (sets[i].Escape, sets[i]);
        }
        table[^1] = ([0x1B, 0x24, 0x40], JisX0208);
        return table;
    }

    /// <summary>Matches a designating escape sequence at the start of <paramref name="bytes"/> (which starts with ESC).</summary>
    public static bool TryMatchEscape(ReadOnlySpan<byte> bytes, out GraphicSet set, out int length)
    {
        foreach (var (escape, candidate) in ByEscape)
        {
            if (bytes.StartsWith(escape))
            {
                set = candidate;
                length = escape.Length;
                return true;
            }
        }
        set = Ascii;
        length = 0;
        return false;
    }
}
