using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// One signature of a rules file: a condition on header values and the rectangles every frame of a matching file gets.
/// <see cref="Name"/> comes from the comment lines above the block (the rules file's own text, never a header value).
/// </summary>
public sealed class PixelRule
{
    internal PixelRule(string name, string sourceName, int line, PixelCondition condition, IReadOnlyList<PixelRegion> regions)
    {
        Name = name;
        SourceName = sourceName;
        Line = line;
        Condition = condition;
        Regions = regions;
    }

    public string Name { get; }

    /// <summary>The file (or "built-in") the rule was read from.</summary>
    public string SourceName { get; }

    /// <summary>The line of the rule's opening brace.</summary>
    public int Line { get; }

    public IReadOnlyList<PixelRegion> Regions { get; }

    /// <summary>How --what-if and the audit name the rule: "GE / Logiq US (built-in:57)", unique within a set.</summary>
    public string Label => $"{Name} ({SourceName}:{Line})";

    /// <summary>The condition in the rules language, e.g. <c>Modality.equals("US") * Rows.equals("480")</c>.</summary>
    public string ConditionText => Condition.ToString();

    internal PixelCondition Condition { get; }
}
