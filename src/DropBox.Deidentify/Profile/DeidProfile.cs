using DropBox.Dicom;

namespace DropBox.Deidentify.Profile;

/// <summary>
/// The PS3.15 Annex E Basic Application Level Confidentiality Profile (Table E.1-1, DICOM 2024b plus the rows added
/// since) with a chosen set of options, each row's action resolved once (rules in <see cref="ProfileCodes"/>).
/// It answers "what does the table say for this tag"; attributes the table does not name (null) are the engine's
/// decision (PS3.15 E.1.1 Note 4: handle every DA/DT/TM and UI by VR; a whitelist engine removes the rest).
/// Built with plain arrays (a sorted tag array searched by halves) rather than frozen or generic collections over
/// value types: every de-identifying process builds one at start, and a ReadyToRun build cannot precompile those.
/// </summary>
public sealed class DeidProfile
{
    private static readonly ProfileTableRow[] Table = ProfileTableData.Rows();

    private readonly uint[] _singleTags;
    private readonly ProfileRule[] _singleRules;
    private readonly ProfileRule[] _patterns;
    private static DeidProfile? _basic;

    /// <summary>The Basic Profile with no option (built on first use: most processes never ask for it).</summary>
    public static DeidProfile Basic => _basic ??= new DeidProfile(DeidOption.None);

    /// <param name="options">The selected options (bits that name no option are ignored).</param>
    public DeidProfile(DeidOption options)
    {
        Options = options;
        var rules = new ProfileRule[Table.Length];
        var singles = 0;
        for (var i = 0; i < Table.Length; i++)
        {
            rules[i] = new ProfileRule(Table[i], ProfileCodes.Resolve(Table[i], options, out var by), by);
            singles += rules[i].IsSingleTag ? 1 : 0;
        }
        Rules = rules;
        _singleTags = new uint[singles];
        _singleRules = new ProfileRule[singles];
        _patterns = new ProfileRule[rules.Length - singles];
        int s = 0, p = 0;
        foreach (var rule in rules)
        {
            if (rule.IsSingleTag)
            {
                _singleTags[s] = rule.SingleTagValue;
                _singleRules[s++] = rule;
            }
            else
            {
                _patterns[p++] = rule;
            }
        }
        Array.Sort(_singleTags, _singleRules);
    }

    /// <summary>The selected options.</summary>
    public DeidOption Options { get; }

    /// <summary>Every row of the table, in the standard's order (alphabetical by attribute name).</summary>
    public IReadOnlyList<ProfileRule> Rules { get; }

    /// <summary>
    /// The row naming the tag: a single-tag row first, then overlays/curves in even 50xx/60xx groups, then the
    /// private-attributes row for any odd group (private creators included). Null when the table does not name it.
    /// </summary>
    public ProfileRule? RuleFor(DicomTag tag)
    {
        int low = 0, high = _singleTags.Length - 1;
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var at = _singleTags[middle];
            if (at == tag.Value)
            {
                return _singleRules[middle];
            }
            if (at < tag.Value)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(tag))
            {
                return pattern;
            }
        }
        return null;
    }

    /// <summary>The action the table gives the tag under this profile's options; null when the table does not name it.</summary>
    public DeidAction? ActionFor(DicomTag tag) => RuleFor(tag)?.Action;
}
