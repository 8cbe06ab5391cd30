using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>
/// "Clean" for free text (e.g. descriptors under Clean Descriptors), implemented conservatively: the text stays,
/// but every identifying value this file's rules removed or replaced (names and their components, IDs, dates,
/// UIDs…; 3+ characters) is cut out of it, case-insensitively, and replaced with "*". It cannot find
/// identifying text that appears nowhere else in the header (a name typed only into a description): projects
/// that need that must list the attribute as "remove" in their field list.
/// </summary>
internal static class TextCleaner
{
    public static void Apply(DeidState state)
    {
        if (state.DeferredClean.Count == 0)
        {
            return; // nothing to clean (the usual case): no need to gather the identifying words
        }
        var needles = state.Replaced
            .SelectMany(r => Components(r.Value))
            .Where(v => v.Length >= 3)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .OrderByDescending(v => v.Length)
            .ToArray();
        foreach (var (dataset, tag, vr) in state.DeferredClean)
        {
            var text = dataset.GetString(tag) ?? string.Empty;
            foreach (var needle in needles)
            {
                text = text.Replace(needle, "*", StringComparison.OrdinalIgnoreCase);
            }
            dataset.SetString(tag, vr == DicomVR.UN ? DicomVR.LO : vr, text);
            state.Legitimate.Add(text);
        }
    }

    /// <summary>The value, its backslash-separated values, and for person names their ^/= components.</summary>
    public static IEnumerable<string> Components(string value)
    {
        yield return value.Trim();
        foreach (var part in value.Split('\\'))
        {
            yield return part.Trim();
            foreach (var piece in part.Split('^', '='))
            {
                yield return piece.Trim();
            }
        }
    }
}
