using System.Text;

namespace DropBox.Dicom.Text;

/// <summary>
/// The .NET code pages DICOM text needs (ISO 8859-x, GB18030, GBK, EUC-JP/KR, ISO-2022-JP). They live in
/// <see cref="CodePagesEncodingProvider"/>, which ships in the .NET 10 shared framework but must be registered
/// before <see cref="Encoding.GetEncoding(int)"/> can see them; the static constructor does that exactly once.
/// </summary>
internal static class CodePages
{
    public const int Latin1 = 28591, Windows874 = 874, Gbk = 936, Gb18030 = 54936, EucJp = 51932, EucKr = 51949, Iso2022Jp = 50220;

    private static readonly Lock ProbingGate = new();
    private static readonly Dictionary<string, Encoding> Probing = new(StringComparer.Ordinal);

    static CodePages() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>The code page with the default fallbacks (unmappable bytes decode to a replacement character, never throw).</summary>
    public static Encoding Get(int codePage) => Encoding.GetEncoding(codePage);

    /// <summary>
    /// The code page with an encoder that writes nothing for a character it cannot map, so a zero byte count
    /// answers "is this character in the set?" without exceptions.
    /// </summary>
    public static Encoding ForProbing(int codePage)
    {
        // Keyed by text: a dictionary over int keys is generic code a ReadyToRun build leaves to the JIT.
        var key = codePage.ToString(System.Globalization.CultureInfo.InvariantCulture);
        lock (ProbingGate)
        {
            if (!Probing.TryGetValue(key, out var encoding))
            {
                encoding = Encoding.GetEncoding(codePage, new EncoderReplacementFallback(string.Empty), DecoderFallback.ReplacementFallback);
                Probing[key] = encoding;
            }
            return encoding;
        }
    }
}
