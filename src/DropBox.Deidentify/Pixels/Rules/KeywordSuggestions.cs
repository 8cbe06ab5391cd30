using DropBox.Deidentify.Fields;
using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>Says what was probably meant by an unknown keyword: the same word in another letter case, or the nearest spellings.</summary>
internal static class KeywordSuggestions
{
    private static readonly Lazy<string[]> Keywords = new(() =>
        DicomDictionary.All.Select(e => e.Keyword).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToArray());

    public static string UnknownKeyword(string word)
    {
        var sameLetters = Keywords.Value.FirstOrDefault(k => string.Equals(k, word, StringComparison.OrdinalIgnoreCase));
        if (sameLetters is not null)
        {
            return $"unknown keyword '{word}': did you mean '{sameLetters}'? (keywords are case-sensitive, as PS3.6 spells them)";
        }
        var allowed = Math.Max(2, word.Length / 4);
        var nearest = Keywords.Value
            .Where(k => Math.Abs(k.Length - word.Length) <= allowed) // cheap: no edit distance can be shorter
            .Select(k => (Keyword: k, Distance: Levenshtein.Distance(word, k))) // letter case does not count
            .Where(c => c.Distance <= allowed)
            .OrderBy(c => c.Distance).ThenBy(c => c.Keyword, StringComparer.Ordinal)
            .Take(3).Select(c => c.Keyword).ToList();
        var hint = nearest.Count > 0 ? $"did you mean {string.Join(" or ", nearest.Select(k => $"'{k}'"))}? " : "";
        return $"unknown keyword '{word}': {hint}use a PS3.6 keyword (e.g. ManufacturerModelName) or a tag as [gggg,eeee]";
    }
}
