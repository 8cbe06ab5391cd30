using DropBox.Dicom;

namespace DropBox.Deidentify.Profile;

/// <summary>
/// The tag column of Table E.1-1: a single tag, a repeating group such as (60XX,3000) or (50XX,XXXX) — even groups
/// only, as PS3.5 7.6 defines repeating groups — or "(GGGG,EEEE) WHERE GGGG IS ODD", every private attribute.
/// A tag matches when (tag &amp; Mask) == Value.
/// </summary>
internal readonly record struct ProfileTagPattern(uint Value, uint Mask)
{
    public const string PrivateAttributes = "(GGGG,EEEE) WHERE GGGG IS ODD";

    public bool IsSingleTag => Mask == 0xFFFF_FFFF;

    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Value;

    public static ProfileTagPattern Parse(string text)
    {
        if (text == PrivateAttributes)
        {
            // Every odd group, including the illegal 0001–0007 and FFFF: they are no safer than private ones.
            return new ProfileTagPattern(0x0001_0000, 0x0001_0000);
        }
        var hex = text.Length == 11 && text[0] == '(' && text[5] == ',' && text[10] == ')'
            ? string.Concat(text.AsSpan(1, 4), text.AsSpan(6, 4))
            : throw new FormatException($"Unexpected Table E.1-1 tag '{text}'.");
        uint value = 0, mask = 0;
        foreach (var c in hex)
        {
            var any = c is 'X' or 'x';
            value = (value << 4) | (any ? 0u : (uint)HexDigit(c, text));
            mask = (mask << 4) | (any ? 0u : 0xFu);
        }
        if ((mask & 0xFFFF_0000) != 0xFFFF_0000)
        {
            mask |= 0x0001_0000; // repeating groups are even
        }
        return new ProfileTagPattern(value, mask);
    }

    private static int HexDigit(char c, string text) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => throw new FormatException($"Unexpected Table E.1-1 tag '{text}'."),
    };
}
