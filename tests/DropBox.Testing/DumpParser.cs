using System.Globalization;
using System.Text.RegularExpressions;

namespace DropBox.Testing;

/// <summary>Parses dcmdump's default indented listing into <see cref="DumpElement"/>s with nesting paths.</summary>
public static partial class DumpParser
{
    // "(gggg,eeee) VR value... # len, vm Name". The value may contain '#', the name never does, so the
    // LAST "# len, vm" on the line ends the value (greedy match).
    [GeneratedRegex(@"^(?<indent> *)\((?<tag>[0-9a-fA-F]{4},[0-9a-fA-F]{4})\) (?<vr>\S\S) (?<value>.*?)\s*#\s*(?<len>\d+|u/l), (?<vm>\d+) (?<name>[^#]*)$")]
    private static partial Regex LineRegex();

    [GeneratedRegex(@"#=(?<n>\d+)")]
    private static partial Regex CountRegex();

    public static IReadOnlyList<DumpElement> Parse(string dcmdumpOutput)
    {
        var result = new List<DumpElement>();
        // Open sequences: (indent of the SQ line, its path, index of the current item, -1 before the first).
        var stack = new List<(int Indent, string Path, int Item)>();
        foreach (var rawLine in dcmdumpOutput.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            var m = LineRegex().Match(line);
            if (!m.Success)
            {
                continue; // "# Dicom-File-Format" headers, blank lines
            }
            var indent = m.Groups["indent"].Length;
            var tag = "(" + m.Groups["tag"].Value.ToUpperInvariant() + ")";
            var vr = m.Groups["vr"].Value;
            var value = m.Groups["value"].Value;

            // Item lines and the item's elements are indented 2 more than their SQ line: a line at the SQ's own
            // indent or less (a sibling, or the SequenceDelimitationItem) closes it.
            while (stack.Count > 0 && indent <= stack[^1].Indent)
            {
                stack.RemoveAt(stack.Count - 1);
            }

            if (tag == "(FFFE,E000)")
            {
                if (stack.Count > 0 && vr != "pi")
                {
                    var top = stack[^1];
                    stack[^1] = (top.Indent, top.Path, top.Item + 1);
                }
                continue; // items only shape paths; encapsulated pixel items are pixel-compare's business
            }
            if (tag is "(FFFE,E00D)" or "(FFFE,E0DD)")
            {
                continue;
            }

            var prefix = stack.Count > 0 ? $"{stack[^1].Path}[{stack[^1].Item}]>" : "";
            var path = prefix + tag;
            var lengthText = m.Groups["len"].Value;
            long? length = lengthText == "u/l" ? null : long.Parse(lengthText, CultureInfo.InvariantCulture);
            var isSequence = vr == "SQ" || value.StartsWith("(Sequence with", StringComparison.Ordinal);
            if (isSequence)
            {
                var count = CountRegex().Match(value);
                value = $"(Sequence #={(count.Success ? count.Groups["n"].Value : "?")})";
                length = null; // explicit vs undefined length is an encoding choice, not content
                stack.Add((indent, path, -1));
            }
            else if (value.StartsWith("(PixelSequence", StringComparison.Ordinal))
            {
                value = "(PixelSequence)"; // fragment count may change (re-fragmentation is only a note)
                length = null;
                stack.Add((indent, path, -1));
            }
            result.Add(new DumpElement(path, tag, vr, value, length, m.Groups["name"].Value.Trim()));
        }
        return result;
    }
}
