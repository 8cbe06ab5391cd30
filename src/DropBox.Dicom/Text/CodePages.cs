using System.Text;

namespace DropBox.Dicom.Text;

/// <summary>
/// The .NET code pages DICOM text needs (ISO 8859-x, GB18030, GBK, EUC-JP/KR, ISO-2022-JP). They live in
/// <see cref="CodePagesEncodingProvider"/>, which ships in the .NET 10 shared framework but must be registered
/// before <see cref="Encoding.GetEncoding(int)"/> can see them. Registering loads the provider's tables (~30 ms), so
/// it happens only when a file first needs a code page that .NET does not build in: Latin-1 (ISO_IR 100, and the
/// lenient reading of ISO_IR 6), UTF-8 and ASCII never pay for it.
/// </summary>
internal static class CodePages
{
    public const int Latin1 = 28591, Windows874 = 874, Gbk = 936, Gb18030 = 54936, EucJp = 51932, EucKr = 51949, Iso2022Jp = 50220;

    /// <summary>The code page with the default fallbacks (unmappable bytes decode to a replacement character, never throw).</summary>
    public static Encoding Get(int codePage) => codePage switch
    {
        Latin1 => Encoding.Latin1,
        65001 => Encoding.UTF8,
        20127 => Encoding.ASCII,
        _ => Provider.GetEncoding(codePage),
    };

    /// <summary>
    /// The code page with an encoder that writes nothing for a character it cannot map, so a zero byte count
    /// answers "is this character in the set?" without exceptions. Not cached: each graphic set (a static
    /// singleton) asks once and keeps it.
    /// </summary>
    public static Encoding ForProbing(int codePage) =>
        Provider.GetEncoding(codePage, new EncoderReplacementFallback(string.Empty), DecoderFallback.ReplacementFallback);

    /// <summary>Registers the code-pages provider on first use (the static constructor runs once, thread-safely).</summary>
    private static class Provider
    {
        static Provider() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

        public static Encoding GetEncoding(int codePage) => Encoding.GetEncoding(codePage);

        public static Encoding GetEncoding(int codePage, EncoderFallback encoder, DecoderFallback decoder) =>
            Encoding.GetEncoding(codePage, encoder, decoder);
    }
}
