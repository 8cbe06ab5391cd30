using System.Text.Json;
using System.Text.RegularExpressions;

namespace DropBox.DictionaryGenerator;

/// <summary>Reads the innolitics Table E.1-1 JSON (DICOM 2024b) and adds the two rows NEMA published since.</summary>
internal static partial class ProfileTableSource
{
    /// <summary>JSON keys of the option columns, in DeidOption order.</summary>
    public static readonly string[] OptionKeys =
    [
        "rtnSafePrivOpt", "rtnUIDsOpt", "rtnDevIdOpt", "rtnInstIdOpt", "rtnPatCharsOpt",
        "rtnLongFullDatesOpt", "rtnLongModifDatesOpt", "cleanDescOpt", "cleanStructContOpt", "cleanGraphOpt",
    ];

    private static readonly HashSet<string> BasicCodes =
        new(["X", "Z", "D", "U", "K", "C", "X/D", "X/Z", "X/Z/D", "Z/D", "X/Z/U*"], StringComparer.Ordinal);

    /// <summary>
    /// Rows of the current PS3.15 not in the 2024b JSON, as shared/dicom/README.md lists them (checked against
    /// fo-dicom 5.1.3's table generated from NEMA part15.xml of mid-2024).
    /// </summary>
    private static readonly ProfileRow[] NewerRows =
    [
        new("(0010,2161)", "", "Ethnic Group Code Sequence", true, "X", "----K-----"),
        new("(300A,0054)", "", "Table Top Position Alignment UID", true, "U", "-K--------"),
    ];

    public static IReadOnlyList<ProfileRow> Read(string path, IReadOnlyList<DictionaryRow> dictionary)
    {
        var keywords = dictionary.ToDictionary(r => r.Key, r => r.Keyword, StringComparer.Ordinal);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var rows = new List<ProfileRow>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var options = new char[OptionKeys.Length];
            for (var i = 0; i < OptionKeys.Length; i++)
            {
                var code = e.TryGetProperty(OptionKeys[i], out var v) ? v.GetString()!.Trim() : "";
                options[i] = code switch
                {
                    "" => '-',
                    "K" or "C" => code[0],
                    _ => throw new InvalidDataException($"Unexpected option code '{code}' in {path}."),
                };
            }
            var basic = e.GetProperty("basicProfile").GetString()!.Trim();
            if (!BasicCodes.Contains(basic))
            {
                throw new InvalidDataException($"Unexpected basic profile code '{basic}' in {path}.");
            }
            rows.Add(new ProfileRow(
                e.GetProperty("tag").GetString()!.Trim(),
                "",
                Whitespace().Replace(e.GetProperty("name").GetString()!, " ").Trim(),
                e.GetProperty("stdCompIOD").GetString() == "Y",
                basic,
                new string(options)));
        }
        foreach (var extra in NewerRows)
        {
            if (rows.Any(r => r.Tag == extra.Tag))
            {
                throw new InvalidDataException($"{extra.Tag} is already in {path}: drop it from NewerRows.");
            }
            // Keep the standard's order (alphabetical by name) so the table reads like PS3.15.
            var at = rows.FindIndex(r => string.Compare(r.Name, extra.Name, StringComparison.OrdinalIgnoreCase) > 0);
            rows.Insert(at < 0 ? rows.Count : at, extra);
        }
        return rows.Select(r => r with { Keyword = KeywordOf(r.Tag, keywords) }).ToList();
    }

    private static string KeywordOf(string tag, Dictionary<string, string> keywords)
    {
        var m = TagText().Match(tag);
        return m.Success && keywords.TryGetValue(DictionaryRow.KeyOf(m.Groups[1].Value, m.Groups[2].Value), out var k) ? k : "";
    }

    [GeneratedRegex(@"^\(([0-9A-Fa-f]{2}(?:[0-9A-Fa-f]{2}|XX)),([0-9A-Fa-f]{4})\)$")]
    private static partial Regex TagText();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
