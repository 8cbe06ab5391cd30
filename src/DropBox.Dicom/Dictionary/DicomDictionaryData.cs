using System.Globalization;

namespace DropBox.Dicom;

/// <summary>
/// Parses the generated table (Generated/DicomDictionaryData.cs) once. Rows whose tag has 'x' digits are patterns
/// (e.g. (0028,04x0), (1010,xxxx)) kept apart, since they stand for many tags.
/// </summary>
internal static partial class DicomDictionaryData
{
    private static readonly Lazy<(DicomDictionaryEntry[] Entries, DicomDictionaryPattern[] Patterns)> Parsed =
        new(Parse, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Entries with a single tag (repeating groups under their xx00 group).</summary>
    internal static IEnumerable<DicomDictionaryEntry> Entries() => Parsed.Value.Entries;

    /// <summary>Entries that stand for a family of tags; their Tag is the first member (x digits = 1).</summary>
    internal static IReadOnlyList<DicomDictionaryPattern> Patterns() => Parsed.Value.Patterns;

    private static (DicomDictionaryEntry[], DicomDictionaryPattern[]) Parse()
    {
        var entries = new List<DicomDictionaryEntry>(RowCount);
        var patterns = new List<DicomDictionaryPattern>();
        foreach (var rawLine in Table.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r'); // a CRLF checkout must parse the same
            if (line.Length == 0)
            {
                continue;
            }
            var f = line.Split('|');
            if (f.Length != 6)
            {
                throw new InvalidOperationException($"Dictionary table row '{line}' does not have 6 fields; regenerate it.");
            }
            var vrs = f[1].Length == 0 ? [] : Array.ConvertAll(f[1].Split('/'), DicomVR.FromString);
            var key = f[0];
            var value = uint.Parse(key.Replace('x', '0'), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (!key.Contains('x', StringComparison.Ordinal))
            {
                entries.Add(new DicomDictionaryEntry(new DicomTag(value), vrs, f[2], f[4], f[5], f[3] == "R"));
            }
            else
            {
                // The family's first member stands for it (x = 1): x = 0 would be a listed tag or a group length,
                // e.g. (0028,0400) Transform Label is not a (0028,04x0) coefficient row.
                var first = uint.Parse(key.Replace('x', '1'), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                var entry = new DicomDictionaryEntry(new DicomTag(first), vrs, f[2], f[4], f[5], f[3] == "R");
                var mask = 0u;
                foreach (var c in key)
                {
                    mask = (mask << 4) | (c == 'x' ? 0u : 0xFu);
                }
                patterns.Add(new DicomDictionaryPattern(value, mask, entry));
            }
        }
        return (entries.ToArray(), patterns.ToArray());
    }
}

/// <summary>A dictionary row for every tag t with (t &amp; Mask) == Value.</summary>
internal readonly record struct DicomDictionaryPattern(uint Value, uint Mask, DicomDictionaryEntry Entry)
{
    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Value;
}
