namespace DropBox.Deidentify.Fields;

/// <summary>Edit distance, for "did you mean" suggestions on unknown keywords.</summary>
internal static class Levenshtein
{
    public static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = char.ToUpperInvariant(a[i - 1]) == char.ToUpperInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }

    public static string? Closest(string word, IEnumerable<string> candidates) =>
        candidates.Select(c => (c, d: Distance(word, c))).OrderBy(x => x.d).ThenBy(x => x.c, StringComparer.Ordinal)
            .Select(x => x.c).FirstOrDefault();
}
