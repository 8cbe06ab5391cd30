using DropBox.Deidentify.Fields;
using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Deidentify.Pixels.Ocr;

/// <summary>
/// Says whether one OCR word is one of a file's own identifying values, tolerant of OCR noise and strict about
/// chance: both sides are folded (<see cref="OcrText"/>: case, punctuation, O/0, I/l/1 …); each part of the word
/// between punctuation is compared, and the parts run together; a long term inside a glued word ("ID12345678")
/// counts; a few edits are forgiven in proportion to length (<see cref="AllowedEdits"/>). Parts shorter than
/// three characters match only the patient's own two-letter name components, letter for letter.
/// </summary>
internal sealed class IdentifierSpotter : IIdentifierSpotter
{
    /// <summary>A term at least this long also matches inside a longer word.</summary>
    public const int MinimumContainedLength = 5;

    private readonly IdentifyingTerm[] _terms;
    private readonly HashSet<string> _exact;
    private readonly HashSet<string> _shortNames;

    public IdentifierSpotter(IReadOnlyList<IdentifyingTerm> terms)
    {
        _terms = terms.Where(t => t.Kind != TermKind.ShortPatientName).ToArray();
        _exact = new HashSet<string>(_terms.Select(t => t.Folded), StringComparer.Ordinal);
        _shortNames = new HashSet<string>(terms.Where(t => t.Kind == TermKind.ShortPatientName).Select(t => t.Folded), StringComparer.Ordinal);
    }

    /// <summary>How many terms the file has (for tests and counts; the terms themselves are PHI).</summary>
    public int TermCount => _terms.Length + _shortNames.Count;

    public bool IsIdentifying(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var parts = OcrText.Parts(word).ToArray();
        if (parts.Any(p => p.Length == 2 && _shortNames.Contains(p.ToUpperInvariant())))
        {
            return true;
        }
        var whole = OcrText.Fold(word);
        foreach (var candidate in parts.Select(OcrText.Fold).Append(whole).Distinct(StringComparer.Ordinal))
        {
            if (candidate.Length >= IdentifyingValues.MinimumLength && (_exact.Contains(candidate) || _terms.Any(t => IsNear(candidate, t))))
            {
                return true;
            }
        }
        return _terms.Any(t => t.Folded.Length >= MinimumContainedLength && whole.Length > t.Folded.Length
            && whole.Contains(t.Folded, StringComparison.Ordinal));
    }

    /// <summary>
    /// Edits forgiven for a term: none below 5 characters (DOE must not match JOE); one from 5 and two from 9 for
    /// names and letter IDs; for all-digit IDs and dates one from 8 digits (a misread digit of a long number), none
    /// below (a 5-digit ID one edit away matches too many numbers of a screen).
    /// </summary>
    public static int AllowedEdits(IdentifyingTerm term)
    {
        var length = term.Folded.Length;
        if (term.Kind == TermKind.Date || term.Folded.All(char.IsAsciiDigit))
        {
            return length >= 8 ? 1 : 0;
        }
        return length >= 9 ? 2 : length >= 5 ? 1 : 0;
    }

    private static bool IsNear(string candidate, IdentifyingTerm term)
    {
        var allowed = AllowedEdits(term);
        return allowed > 0 && Math.Abs(candidate.Length - term.Folded.Length) <= allowed
            && Levenshtein.Distance(candidate, term.Folded) <= allowed;
    }
}
