using System.Collections.Frozen;

namespace DropBox.Dicom;

/// <summary>
/// The data dictionary: tag → VR(s), VM, keyword. Built from the generated table (tools/DictionaryGenerator),
/// plus the rules PS3.5 gives for what no table can list: repeating groups, private creators, unknown private
/// elements and group lengths.
/// </summary>
public static class DicomDictionary
{
    private static readonly FrozenDictionary<uint, DicomDictionaryEntry> ByTag =
        DicomDictionaryData.Entries().ToFrozenDictionary(e => e.Tag.Value);

    private static readonly FrozenDictionary<string, DicomDictionaryEntry> ByKeyword =
        DicomDictionaryData.Entries().Where(e => e.Keyword.Length > 0)
            .GroupBy(e => e.Keyword, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    public static IEnumerable<DicomDictionaryEntry> All => ByTag.Values;

    /// <summary>The entry for a tag, or null for an unknown public or private element.</summary>
    public static DicomDictionaryEntry? Lookup(DicomTag tag)
    {
        if (ByTag.TryGetValue(tag.Value, out var entry))
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
        // Repeating groups: curves (50xx), overlays (60xx) and the retired variable pixel data (7Fxx) are
        // listed once, under their xx00 group; even groups only.
        if ((tag.Group & 0xFF01) is 0x5000 or 0x6000 or 0x7F00 && (tag.Group & 0x00FF) != 0
            && ByTag.TryGetValue(((uint)(tag.Group & 0xFF00) << 16) | tag.Element, out var repeating))
        {
            return repeating with { Tag = tag };
        }
        return null;
    }

    /// <summary>The VR to use when the encoding does not carry one (implicit VR): UN when unknown.</summary>
    public static DicomVR ImplicitVR(DicomTag tag) => Lookup(tag)?.VR ?? DicomVR.UN;

    public static bool TryGetByKeyword(string keyword, out DicomDictionaryEntry entry) =>
        ByKeyword.TryGetValue(keyword, out entry!);

    /// <summary>Keyword for display, or empty when unknown.</summary>
    public static string KeywordOf(DicomTag tag) => Lookup(tag)?.Keyword ?? string.Empty;
}
