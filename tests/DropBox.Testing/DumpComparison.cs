namespace DropBox.Testing;

/// <summary>
/// Compares the dcmdump element lists of an input and its rewritten output.
/// <para>Normalization (<see cref="Normalize"/>): group length elements (gggg,0000) at any depth and the
/// top-level meta group 0002 are dropped (the writer recomputes / rebuilds them); sequence and item lines
/// compare by item count only (explicit vs undefined length is an encoding choice); encapsulated pixel items
/// are left to pixel-compare.py.</para>
/// <para>Values compare exactly, with ONE allowance: an odd-length value may come back exactly one byte longer
/// (DICOM requires even lengths, the writer pads) where the extra byte is the pad: a space for text VRs, NUL
/// (<c>\000</c>) for UI and for text already padded with NUL, 0x00 for binary VRs. Nothing else is trimmed:
/// a value that lost or gained other trailing spaces is a difference.</para>
/// <para>An input element whose VR bytes are not a VR at all (dcmdump shows "??", e.g. corpus GH179A.dcm with
/// VR bytes 0x20 0x20) may be written as UN with the identical value: UN is the standard's VR for content of
/// unknown type, and dcmtk's own writer (dcmconv) does exactly that. It may also be written with the VR the
/// data dictionary gives that tag, with a value of the same length (dcmdump then prints it in that VR's form).
/// Any other VR change is a difference.</para>
/// <para>DICOMDIR record offsets ((0004,1200/1202/1400/1420), byte offsets from the start of the file) may
/// all move by ONE common amount: the rebuilt meta group has another length, so every record shifts by it.
/// pydicom reading the output and following the offsets is the independent check that the shift is right.</para>
/// </summary>
public static class DumpComparison
{
    /// <summary>Drops what the writer legitimately rebuilds (see the class summary).</summary>
    public static IReadOnlyList<DumpElement> Normalize(IEnumerable<DumpElement> elements) =>
        elements.Where(e => !e.IsGroupLength && !e.IsMeta).ToArray();

    /// <summary>Readable differences ("(0010,0010) PN: input [A] output [B]"); empty when equivalent.</summary>
    public static IReadOnlyList<string> Differences(IEnumerable<DumpElement> input, IEnumerable<DumpElement> output)
    {
        var before = Index(Normalize(input));
        var after = Index(Normalize(output));
        var differences = new List<string>();
        var offsetShift = DirectoryOffsetShift(before, after, differences);
        foreach (var (path, a) in before)
        {
            if (!after.TryGetValue(path, out var b))
            {
                differences.Add($"{path} {a.VR}: missing in output (input {Show(a)})");
                continue;
            }
            if (offsetShift is not null && IsDirectoryOffset(a))
            {
                continue; // checked as one common shift in DirectoryOffsetShift
            }
            if (a.VR == "??" && a.VR != b.VR && a.Length == b.Length)
            {
                continue; // garbage VR bytes rewritten as UN or the dictionary's VR: same bytes, another display
            }
            if (a.VR != b.VR)
            {
                differences.Add($"{path}: VR {a.VR} became {b.VR} (input {Show(a)}, output {Show(b)})");
            }
            else if (!SameValue(a, b))
            {
                differences.Add($"{path} {a.VR}: input {Show(a)}, output {Show(b)}");
            }
        }
        differences.AddRange(after.Keys.Where(k => !before.ContainsKey(k))
            .Select(k => $"{k} {after[k].VR}: added in output ({Show(after[k])})"));
        return differences;
    }

    private static bool IsDirectoryOffset(DumpElement e) =>
        e.Group == 0x0004 && e.Element is 0x1200 or 0x1202 or 0x1400 or 0x1420;

    /// <summary>The one shift every non-zero DICOMDIR offset moved by; a difference for each that moved otherwise.</summary>
    private static long? DirectoryOffsetShift(Dictionary<string, DumpElement> before, Dictionary<string, DumpElement> after, List<string> differences)
    {
        long? shift = null;
        foreach (var (path, a) in before.Where(p => IsDirectoryOffset(p.Value)))
        {
            if (!after.TryGetValue(path, out var b) || !long.TryParse(a.Value, out var x) || !long.TryParse(b.Value, out var y))
            {
                continue; // reported as missing / different by the main comparison
            }
            if (x == 0 && y == 0)
            {
                continue; // 0 means "no next record"
            }
            shift ??= y - x;
            if (y - x != shift)
            {
                differences.Add($"{path} {a.VR}: DICOMDIR offset moved by {y - x}, others by {shift} (input {x}, output {y})");
            }
        }
        return shift ?? (before.Values.Any(IsDirectoryOffset) ? 0 : null);
    }

    /// <summary>True when the output value is the input value, possibly plus the one pad byte of an odd length.</summary>
    public static bool SameValue(DumpElement input, DumpElement output)
    {
        if (input.Value == output.Value && input.Length == output.Length)
        {
            return true;
        }
        if (input.Length is { } inLen && output.Length is { } outLen && inLen % 2 == 1 && outLen == inLen + 1)
        {
            return input.Value == output.Value && input.Value == "(not loaded)"
                || StripOnePad(output.Value) == input.Value;
        }
        return false;
    }

    // The last byte of a value as dcmdump +Qo prints it: "x ]" / "x\000]" for strings, "..\00" for binary.
    private static string? StripOnePad(string value)
    {
        if (value.StartsWith('[') && value.EndsWith(']'))
        {
            var inner = value[1..^1];
            if (inner.EndsWith(' '))
            {
                return $"[{inner[..^1]}]";
            }
            if (inner.EndsWith("\\000", StringComparison.Ordinal))
            {
                return $"[{inner[..^4]}]";
            }
            return null;
        }
        if (value.EndsWith("\\00", StringComparison.Ordinal))
        {
            return value[..^3];
        }
        return null;
    }

    private static Dictionary<string, DumpElement> Index(IEnumerable<DumpElement> elements)
    {
        // A malformed file can repeat a tag; keep every occurrence comparable by numbering repeats.
        var index = new Dictionary<string, DumpElement>(StringComparer.Ordinal);
        foreach (var e in elements)
        {
            var key = e.TagPath;
            for (var n = 2; index.ContainsKey(key); n++)
            {
                key = $"{e.TagPath}#{n}";
            }
            index[key] = e;
        }
        return index;
    }

    private static string Show(DumpElement e)
    {
        var v = e.Value.Length > 200 ? e.Value[..200] + "…" : e.Value;
        var len = e.Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "u/l";
        return $"{v} (len {len})";
    }
}
