using System.Text;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// Writes a rule set in DropBox's format: a heading comment per name (written once for consecutive rules that share
/// it), the condition in canonical form, the regions on the next line. The result parses back to the same rules.
/// </summary>
internal static class PixelRuleWriter
{
    public static string Render(PixelRuleSet set, string? header)
    {
        var text = new StringBuilder();
        foreach (var line in (header ?? string.Empty).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            text.Append("# ").Append(line.TrimEnd('\r')).Append('\n');
        }
        string? previousName = null;
        foreach (var rule in set.Rules)
        {
            text.Append('\n');
            if (!string.Equals(rule.Name, previousName, StringComparison.Ordinal))
            {
                // "Heading / Sub" reads back as a heading in column 1 and an indented sub-heading, the same name again.
                var split = rule.Name.IndexOf(" / ", StringComparison.Ordinal);
                text.Append(split < 0 ? rule.Name : $"{rule.Name[..split]}\n {rule.Name[(split + 3)..]}").Append('\n');
                previousName = rule.Name;
            }
            text.Append("  { ").Append(rule.ConditionText).Append(" }\n  ");
            text.AppendJoin(' ', rule.Regions.Select(r => $"({r.X},{r.Y},{r.Width},{r.Height})"));
            text.Append('\n');
        }
        return text.ToString();
    }
}
