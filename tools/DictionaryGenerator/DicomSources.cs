using System.Globalization;
using System.Text.Json;
using System.Xml.Linq;

namespace DropBox.DictionaryGenerator;

/// <summary>
/// Everything read from shared/dicom, merged: the PS3.6 2024b dictionary (innolitics) is the base; PixelMed's
/// 20260608 dictionary adds the entries published after 2024b; DCMTK's dicom.dic supplies the command group 0000
/// (PS3.7, not in PS3.6) with its retired flags, named from PixelMed where it has the element.
/// </summary>
internal sealed class DicomSources
{
    public const string InnoliticsDictionaryFile = "ps3.6-data-dictionary.innolitics-2024b.json";
    public const string PixelMedDictionaryFile = "pixelmed-20260608-elmdict.xml";
    public const string DcmtkDictionaryFile = "dcmtk-3.6.7-dicom.dic";
    public const string ProfileTableFile = "ps3.15-table-E.1-1.innolitics-2024b.json";

    public required IReadOnlyList<DictionaryRow> Dictionary { get; init; }
    public required IReadOnlyList<ProfileRow> ProfileRows { get; init; }
    public required IReadOnlyList<string> Notes { get; init; }

    public static DicomSources Load(string sharedDicomDir)
    {
        var notes = new List<string>();
        var rows = new Dictionary<string, DictionaryRow>(StringComparer.Ordinal);
        foreach (var row in ReadInnolitics(Path.Combine(sharedDicomDir, InnoliticsDictionaryFile)))
        {
            if (!rows.TryAdd(row.Key, row))
            {
                throw new InvalidDataException($"Duplicate tag {row.Key} in {InnoliticsDictionaryFile}.");
            }
        }
        notes.Add($"{InnoliticsDictionaryFile}: {rows.Count} rows");

        var pixelMed = ReadPixelMed(Path.Combine(sharedDicomDir, PixelMedDictionaryFile)).ToList();
        var pixelMedNames = pixelMed.GroupBy(r => r.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Name, StringComparer.Ordinal);

        var commands = 0;
        foreach (var row in ReadDcmtkCommandGroup(Path.Combine(sharedDicomDir, DcmtkDictionaryFile)))
        {
            var named = row with { Name = pixelMedNames.GetValueOrDefault(row.Key, row.Name) };
            commands += rows.TryAdd(row.Key, named) ? 1 : 0;
        }
        notes.Add($"{DcmtkDictionaryFile}: {commands} command group (0000) rows");

        // Only what 2024b lacks; a PixelMed row whose keyword 2024b already has under another tag (its (1000,00X0)
        // spelling of the retired (1000,XXX0) patterns) or that is itself a pattern is not added.
        var keywords = rows.Values.Select(r => r.Keyword).Where(k => k.Length > 0).ToHashSet(StringComparer.Ordinal);
        var added = 0;
        var skipped = 0;
        foreach (var row in pixelMed.Where(r => !rows.ContainsKey(r.Key)))
        {
            if (row.IsPattern || keywords.Contains(row.Keyword) || row.Key.StartsWith("0000", StringComparison.Ordinal))
            {
                skipped++;
                continue;
            }
            rows.Add(row.Key, row);
            keywords.Add(row.Keyword);
            added++;
        }
        notes.Add($"{PixelMedDictionaryFile}: {added} newer rows added, {skipped} skipped (pattern or known keyword)");

        var dictionary = rows.Values.OrderBy(r => r.SortValue).ThenBy(r => r.Key, StringComparer.Ordinal).ToList();
        var profile = ProfileTableSource.Read(Path.Combine(sharedDicomDir, ProfileTableFile), dictionary);
        notes.Add($"{ProfileTableFile}: {profile.Count} profile rows (with the newer rows)");
        return new DicomSources { Dictionary = dictionary, ProfileRows = profile, Notes = notes };
    }

    private static IEnumerable<DictionaryRow> ReadInnolitics(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            var tag = e.GetProperty("tag").GetString()!;
            yield return new DictionaryRow(
                DictionaryRow.KeyOf(tag.Substring(1, 4), tag.Substring(6, 4)),
                DictionaryRow.ParseVRs(e.GetProperty("valueRepresentation").GetString()!),
                e.GetProperty("valueMultiplicity").GetString()!.Trim(),
                e.GetProperty("retired").GetString() == "Y",
                e.GetProperty("keyword").GetString()!.Trim(),
                e.GetProperty("name").GetString()!.Trim());
        }
    }

    private static IEnumerable<DictionaryRow> ReadPixelMed(string path)
    {
        foreach (var e in XDocument.Load(path).Root!.Elements("DataElement"))
        {
            string Text(string name) => ((string?)e.Element(name) ?? "").Trim();
            var min = Text("VMMin");
            var max = Text("VMMax");
            yield return new DictionaryRow(
                DictionaryRow.KeyOf(Text("Group")[2..], Text("Element")[2..]),
                DictionaryRow.ParseVRs(Text("VR")),
                min == max ? min : $"{min}-{max}",
                Retired: false, // PixelMed carries no retired flag; the rows we take from it are all newer than 2024b.
                Text("Keyword"),
                Text("Name"));
        }
    }

    private static IEnumerable<DictionaryRow> ReadDcmtkCommandGroup(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (!line.StartsWith("(0000,", StringComparison.Ordinal))
            {
                continue;
            }
            var f = line.Split('\t');
            var keyword = f[2].StartsWith("RETIRED_", StringComparison.Ordinal) ? f[2]["RETIRED_".Length..] : f[2];
            yield return new DictionaryRow(
                DictionaryRow.KeyOf("0000", f[0].Substring(6, 4)),
                DictionaryRow.ParseVRs(f[1]),
                f[3],
                f[4].EndsWith("/retired", StringComparison.Ordinal),
                keyword,
                keyword);
        }
    }

    internal static string Hex(uint value) => value.ToString("X8", CultureInfo.InvariantCulture);
}
