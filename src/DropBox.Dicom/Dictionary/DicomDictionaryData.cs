namespace DropBox.Dicom;

/// <summary>
/// The generated table (Generated/DicomDictionaryData.cs), indexed once and parsed row by row on demand. Start-up
/// only reads each line's 8-digit tag (a sorted tag array for binary search); a row becomes a
/// <see cref="DicomDictionaryEntry"/> the first time it is looked up. A process that de-identifies a folder looks up
/// a few hundred of the 5,000 rows, and parsing all of them with hashed indexes cost ~65 ms of every run's start.
/// Rows whose tag has 'x' digits are patterns (e.g. (0028,04x0), (1010,xxxx)), parsed at once, since they stand for
/// many tags and are matched one by one.
/// </summary>
internal static partial class DicomDictionaryData
{
    private static readonly Lazy<Index> Indexed = new(BuildIndex, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Single-tag rows: tags ascending, where each row starts in the table, and each row once parsed.</summary>
    private sealed record Index(uint[] Tags, int[] RowStarts, DicomDictionaryEntry?[] Parsed, DicomDictionaryPattern[] Patterns);

    /// <summary>The single-tag row for a tag (repeating groups under their xx00 group), or null.</summary>
    internal static DicomDictionaryEntry? Find(uint tag)
    {
        var index = Indexed.Value;
        var at = IndexOf(index.Tags, tag);
        if (at < 0)
        {
            return null;
        }
        // A race parses the same row twice and stores equal records: harmless, and no lock on the hot path.
        return index.Parsed[at] ??= ParseRow(RowAt(index.RowStarts[at]), out _);
    }

    /// <summary>Entries with a single tag, in tag order (parses every row: for listings, not lookups).</summary>
    internal static IEnumerable<DicomDictionaryEntry> Entries()
    {
        var index = Indexed.Value;
        for (var i = 0; i < index.Tags.Length; i++)
        {
            yield return index.Parsed[i] ??= ParseRow(RowAt(index.RowStarts[i]), out _);
        }
    }

    /// <summary>Entries that stand for a family of tags; their Tag is the first member (x digits = 1).</summary>
    internal static IReadOnlyList<DicomDictionaryPattern> Patterns() => Indexed.Value.Patterns;

    private static Index BuildIndex()
    {
        // Arrays, not List<uint>: generic code over a value type is what a ReadyToRun build leaves to the JIT.
        var tags = new uint[RowCount];
        var starts = new int[RowCount];
        var count = 0;
        var patterns = new List<DicomDictionaryPattern>();
        for (var start = 0; start < Table.Length;)
        {
            var end = Table.IndexOf('\n', start);
            end = end < 0 ? Table.Length : end;
            var line = Table.AsSpan(start, end - start).TrimEnd('\r'); // a CRLF checkout must parse the same
            if (line.Length > 0)
            {
                if (line.Length < 9 || line[8] != '|')
                {
                    throw new InvalidOperationException($"Dictionary table row '{line}' does not start with an 8-digit tag; regenerate it.");
                }
                if (line[..8].Contains('x'))
                {
                    var entry = ParseRow(line, out var key);
                    patterns.Add(new DicomDictionaryPattern(HexValue(key, '0'), PatternMask(key), entry));
                }
                else
                {
                    tags[count] = HexValue(line[..8], '0');
                    starts[count++] = start;
                }
            }
            start = end + 1;
        }
        var tagArray = new uint[count];
        var startArray = new int[count];
        Array.Copy(tags, tagArray, count);
        Array.Copy(starts, startArray, count);
        for (var i = 1; i < tagArray.Length; i++)
        {
            if (tagArray[i - 1] >= tagArray[i])
            {
                throw new InvalidOperationException($"Dictionary table rows are not in ascending tag order at {tagArray[i]:X8}; regenerate it.");
            }
        }
        return new Index(tagArray, startArray, new DicomDictionaryEntry?[tagArray.Length], patterns.ToArray());
    }

    /// <summary>Binary search (by hand: the generic Array.BinarySearch over uint is code every process would JIT).</summary>
    private static int IndexOf(uint[] sorted, uint tag)
    {
        int low = 0, high = sorted.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            if (sorted[middle] == tag)
            {
                return middle;
            }
            if (sorted[middle] < tag)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        return -1;
    }

    private static ReadOnlySpan<char> RowAt(int start)
    {
        var end = Table.IndexOf('\n', start);
        return Table.AsSpan(start, (end < 0 ? Table.Length : end) - start).TrimEnd('\r');
    }

    private static DicomDictionaryEntry ParseRow(ReadOnlySpan<char> line, out ReadOnlySpan<char> key)
    {
        var f = line.ToString().Split('|');
        if (f.Length != 6)
        {
            throw new InvalidOperationException($"Dictionary table row '{line}' does not have 6 fields; regenerate it.");
        }
        key = line[..8];
        var vrs = f[1].Length == 0 ? [] : Array.ConvertAll(f[1].Split('/'), DicomVR.FromString);
        // A pattern's entry is the family's first member (x = 1): x = 0 would be a listed tag or a group length,
        // e.g. (0028,0400) Transform Label is not a (0028,04x0) coefficient row.
        return new DicomDictionaryEntry(new DicomTag(HexValue(key, '1')), vrs, f[2], f[4], f[5], f[3] == "R");
    }

    /// <summary>The 8 hex digits as a number, each 'x' read as <paramref name="x"/>.</summary>
    private static uint HexValue(ReadOnlySpan<char> key, char x)
    {
        var value = 0u;
        foreach (var c in key)
        {
            var d = c == 'x' ? x : c;
            value = (value << 4) | (uint)(d switch
            {
                >= '0' and <= '9' => d - '0',
                >= 'A' and <= 'F' => d - 'A' + 10,
                >= 'a' and <= 'f' => d - 'a' + 10,
                _ => throw new InvalidOperationException($"Dictionary table tag '{key}' is not hexadecimal; regenerate it."),
            });
        }
        return value;
    }

    private static uint PatternMask(ReadOnlySpan<char> key)
    {
        var mask = 0u;
        foreach (var c in key)
        {
            mask = (mask << 4) | (c == 'x' ? 0u : 0xFu);
        }
        return mask;
    }
}

/// <summary>A dictionary row for every tag t with (t &amp; Mask) == Value.</summary>
internal sealed record DicomDictionaryPattern(uint Value, uint Mask, DicomDictionaryEntry Entry)
{
    public bool Matches(DicomTag tag) => (tag.Value & Mask) == Value;
}
