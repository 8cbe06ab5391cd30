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
/// unknown type, and dcmtk's own writer (dcmconv) does exactly that. Any other VR change is a difference.</para>
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
        foreach (var (path, a) in before)
        {
            if (!after.TryGetValue(path, out var b))
            {
                differences.Add($"{path} {a.VR}: missing in output (input {Show(a)})");
                continue;
            }
            if (a.VR != b.VR && !(a.VR == "??" && b.VR == "UN" && SameValue(a, b)))
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
