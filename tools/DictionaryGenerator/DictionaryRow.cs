namespace DropBox.DictionaryGenerator;

/// <summary>
/// One dictionary row in the form it is rendered: Key is 8 upper-case hex digits, with lower-case 'x' for a digit
/// that may be anything (a pattern row such as (0028,04x0)). Repeating groups 50xx/60xx/7Fxx are already folded
/// onto their xx00 group, because DicomDictionary.Lookup maps them there.
/// </summary>
internal sealed record DictionaryRow(string Key, IReadOnlyList<string> VRs, string VM, bool Retired, string Keyword, string Name)
{
    /// <summary>Sort order: numeric tag with x read as 0, then the key text (deterministic for pattern rows).</summary>
    public uint SortValue => Convert.ToUInt32(Key.Replace('x', '0'), 16);

    public bool IsPattern => Key.Contains('x', StringComparison.Ordinal);

    /// <summary>"(0028,04X0)" / "0x60xx"+"0x3000" style → the Key form; repeating groups folded to xx00.</summary>
    public static string KeyOf(string group, string element)
    {
        group = group.ToUpperInvariant().Replace('X', 'x');
        element = element.ToUpperInvariant().Replace('X', 'x');
        if (group.Length != 4 || element.Length != 4)
        {
            throw new FormatException($"Bad tag ({group},{element}).");
        }
        if (group is "50xx" or "60xx" or "7Fxx")
        {
            group = group[..2] + "00";
        }
        return group + element;
    }

    /// <summary>
    /// PS3.6 writes alternatives as "US or SS", "OB or OW", "US or SS or OW", "US or OW". The first VR we emit is the
    /// one an implicit-VR decoder uses: OW whenever OW is allowed (PS3.5 A.1: OB-or-OW data is OW in implicit VR;
    /// for LUT Data OW is also the only choice whose explicit-VR length field can hold a 65,536-entry table — US has
    /// a 16-bit length — and its bytes are the same 16-bit words), otherwise the first one listed (US before SS).
    /// The item and delimitation tags ("See Note 2") and three retired rows have no VR: empty list.
    /// </summary>
    public static IReadOnlyList<string> ParseVRs(string text)
    {
        text = text.Trim();
        if (text.Length == 0 || text == "See Note 2" || text == "NONE")
        {
            return [];
        }
        var vrs = text switch
        {
            "XS" => ["US", "SS"],
            "OX" => ["OB", "OW"],
            _ => text.Split(" or ", StringSplitOptions.TrimEntries).ToList(),
        };
        foreach (var vr in vrs)
        {
            if (vr.Length != 2 || !vr.All(char.IsAsciiLetterUpper))
            {
                throw new FormatException($"Unexpected VR text '{text}'.");
            }
        }
        var ow = vrs.IndexOf("OW");
        if (ow > 0)
        {
            vrs.RemoveAt(ow);
            vrs.Insert(0, "OW");
        }
        return vrs;
    }
}
