using System.Text.RegularExpressions;

namespace DropBox.Dicom.Text;

/// <summary>
/// One defined term of Specific Character Set (PS3.3 C.12.1.1.2): either a repertoire without code extensions
/// (a .NET code page, or JIS X 0201 as G0/G1), or an ISO 2022 term naming the sets it designates.
/// </summary>
internal sealed record TermDefinition(string Term, bool IsCodeExtension, int CodePage, GraphicSet? G0, GraphicSet? G1)
{
    /// <summary>The ISO 2022 term with the same repertoire ("ISO_IR 100" → "ISO 2022 IR 100"), if there is one.</summary>
    public TermDefinition? CodeExtensionTwin =>
        IsCodeExtension ? this : DefinedTerms.Find(Term.Replace("ISO_IR ", "ISO 2022 IR ", StringComparison.Ordinal));
}

/// <summary>The defined terms, and the lenient reading of misspelt ones that real devices write.</summary>
internal static partial class DefinedTerms
{
    private static readonly Dictionary<string, TermDefinition> ByTerm = Build();

    public static TermDefinition? Find(string term) => ByTerm.GetValueOrDefault(term);

    /// <summary>
    /// Finds a term, or a defined term it plainly misspells ("ISO_IR_100", "iso-ir 100", "ISO IR100", "UTF-8"):
    /// <paramref name="corrected"/> then names the defined term it was read as.
    /// </summary>
    public static TermDefinition? Resolve(string term, out string? corrected)
    {
        corrected = null;
        if (ByTerm.TryGetValue(term, out var exact))
        {
            return exact;
        }
        var canonical = Spaces().Replace(term.ToUpperInvariant().Replace('_', ' ').Replace('-', ' '), " ").Trim();
        var match = IsoIr().Match(canonical);
        string? guess = match.Success
            ? (match.Groups[1].Success ? "ISO 2022 IR " : "ISO_IR ") + match.Groups[2].Value
            : canonical switch
            {
                "UTF8" or "UTF 8" => "ISO_IR 192",
                "GB 18030" => "GB18030",
                "GB2312" or "GB 2312" or "EUC CN" => "GBK",
                _ => canonical,
            };
        if (ByTerm.TryGetValue(guess, out var found))
        {
            corrected = guess;
            return found;
        }
        return null;
    }

    private static Dictionary<string, TermDefinition> Build()
    {
        var terms = new List<TermDefinition>
        {
            // Table C.12-2 (single-byte, no extensions). ISO_IR 6 reads stray high bytes as Latin-1 so nothing is lost.
            NonExtension("ISO_IR 6", CodePages.Latin1),
            new("ISO_IR 13", IsCodeExtension: false, CodePage: 0, GraphicSets.Romaji, GraphicSets.Katakana),
            // Table C.12-5 (multi-byte, no extensions).
            NonExtension("ISO_IR 192", 65001),
            NonExtension("GB18030", CodePages.Gb18030),
            NonExtension("GBK", CodePages.Gbk),
            // Table C.12-3/C.12-4 (code extensions).
            new("ISO 2022 IR 6", IsCodeExtension: true, CodePage: 0, GraphicSets.Ascii, G1: null),
            new("ISO 2022 IR 13", IsCodeExtension: true, CodePage: 0, GraphicSets.Romaji, GraphicSets.Katakana),
            new("ISO 2022 IR 87", IsCodeExtension: true, CodePage: 0, GraphicSets.JisX0208, G1: null),
            new("ISO 2022 IR 159", IsCodeExtension: true, CodePage: 0, GraphicSets.JisX0212, G1: null),
            new("ISO 2022 IR 149", IsCodeExtension: true, CodePage: 0, G0: null, GraphicSets.KsX1001),
            new("ISO 2022 IR 58", IsCodeExtension: true, CodePage: 0, G0: null, GraphicSets.Gb2312),
        };
        GraphicSet[] upperHalves =
        [
            GraphicSets.Latin1, GraphicSets.Latin2, GraphicSets.Latin3, GraphicSets.Latin4, GraphicSets.Cyrillic,
            GraphicSets.Arabic, GraphicSets.Greek, GraphicSets.Hebrew, GraphicSets.Latin5, GraphicSets.Thai,
        ];
        foreach (var set in upperHalves.Cast<UpperHalfSet>())
        {
            var number = set.Name["ISO-IR ".Length..];
            terms.Add(NonExtension("ISO_IR " + number, set.CodePage));
            terms.Add(new("ISO 2022 IR " + number, IsCodeExtension: true, CodePage: 0, GraphicSets.Ascii, set));
        }
        return terms.ToDictionary(t => t.Term, StringComparer.Ordinal);
    }

    private static TermDefinition NonExtension(string term, int codePage) => new(term, IsCodeExtension: false, codePage, G0: null, G1: null);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^ISO ?(2022 ?)?IR ?(\d+)$")]
    private static partial Regex IsoIr();
}
