namespace DropBox.Dicom;

/// <summary>
/// The data dictionary: tag → VR(s), VM, keyword, name, retired. Built from the generated table
/// (tools/DictionaryGenerator: PS3.6 2024b + newer PixelMed entries + the command group), plus the rules PS3.5
/// gives for what no table can list: repeating groups, private creators, unknown private elements and group lengths.
/// </summary>
public static class DicomDictionary
{
    // Built on the first keyword lookup (configuration, field lists), not by every process that reads a file.
    private static readonly Lazy<Dictionary<string, DicomDictionaryEntry>> ByKeyword = new(() =>
        All.Where(e => e.Keyword.Length > 0)
            .GroupBy(e => e.Keyword, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal));

    private static IReadOnlyList<DicomDictionaryPattern> Patterns => DicomDictionaryData.Patterns();

    /// <summary>
    /// Every row: single tags in tag order (repeating groups 50xx/60xx/7Fxx under their xx00 group), then the few
    /// pattern rows such as (0028,04x0) or (1010,xxxx), whose Tag is the family's first member (x digits = 1).
    /// Lookup prefers a listed tag over a pattern.
    /// </summary>
    public static IEnumerable<DicomDictionaryEntry> All =>
        DicomDictionaryData.Entries().Concat(Patterns.Select(p => p.Entry));

    /// <summary>The entry for a tag, or null for an unknown public or private element.</summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        if (DicomDictionaryData.Find(tag.Value) is { } entry)
        {
            return entry;
        }
        if (tag.IsPrivateCreator)
        {
            return new DicomDictionaryEntry(tag, [DicomVR.LO], "1", "PrivateCreator", "Private Creator", false);
        }
        if (tag.IsGroupLength)
        {
            return new DicomDictionaryEntry(tag, [DicomVR.UL], "1", "GroupLength", "Group Length", true);
        }
        if (tag.IsPrivate)
        {
            return null; // unknown private element: only its creator could say (PS3.5 7.8)
        }
        // Repeating groups: curves (50xx), overlays (60xx) and the retired variable pixel data (7Fxx) are
        // listed once, under their xx00 group; even groups only (odd ones are private).
        if ((tag.Group & 0xFF01) is 0x5000 or 0x6000 or 0x7F00 && (tag.Group & 0x00FF) != 0
            && DicomDictionaryData.Find(((uint)(tag.Group & 0xFF00) << 16) | tag.Element) is { } repeating)
        {
            return repeating with { Tag = tag };
        }
        // Retired ACR-NEMA families whose element number carries an index, e.g. (0028,04x0), (1000,xxx0).
        foreach (var pattern in Patterns)
        {
            if (pattern.Matches(tag))
            {
                return pattern.Entry with { Tag = tag };
            }
        }
        return null;
    }

    /// <summary>
    /// A public attribute whose only VR is SQ: its value must be items. The parser reads one sent under another VR as
    /// a sequence when it can, the strict reader refuses one written otherwise, the de-identifier removes one it
    /// could not read.
    /// </summary>
    public static bool IsSequenceOnly(DicomTag tag) =>
        !tag.IsPrivate && Lookup(tag) is { VRs: [var only] } && only == DicomVR.SQ;

    /// <summary>The VR to use when the encoding does not carry one (implicit VR): UN when unknown.</summary>
    public static DicomVR ImplicitVR(DicomTag tag) => Lookup(tag)?.VR ?? DicomVR.UN;

    /// <summary>The entry for a keyword (case-sensitive, as PS3.6 spells it), e.g. "PatientName".</summary>
    public static bool TryGetByKeyword(string keyword, out DicomDictionaryEntry entry) =>
        ByKeyword.Value.TryGetValue(keyword, out entry!);

    /// <summary>Keyword for display, or empty when unknown.</summary>
    public static string KeywordOf(DicomTag tag) => Lookup(tag)?.Keyword ?? string.Empty;
}
