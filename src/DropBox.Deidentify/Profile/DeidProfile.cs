using System.Collections.Frozen;
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
    /// <summary>Every option, in the table's column order (bit i of <see cref="OptionMask"/> is option i).</summary>
    internal static readonly DeidOption[] AllOptions = Enum.GetValues<DeidOption>();

    private static readonly ProfileTableRow[] Table = ProfileTableData.Rows();

    private readonly uint[] _singleTags;
    private readonly ProfileRule[] _singleRules;
    private readonly ProfileRule[] _patterns;
    private static DeidProfile? _basic;
    private IReadOnlySet<DeidOption>? _options;

    /// <summary>The Basic Profile with no option (built on first use: most processes never ask for it).</summary>
    public static DeidProfile Basic => _basic ??= new DeidProfile(0);

    public DeidProfile(IEnumerable<DeidOption> options)
        : this(MaskOf(options))
    {
    }

    /// <param name="optionMask">Bit i set when <see cref="DeidOption"/> i is selected.</param>
    internal DeidProfile(int optionMask)
    {
        OptionMask = optionMask;
        var rules = new ProfileRule[Table.Length];
        var singles = 0;
        for (var i = 0; i < Table.Length; i++)
        {
            rules[i] = new ProfileRule(Table[i], ProfileCodes.Resolve(Table[i], OptionMask, out var by), by);
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

    private static int MaskOf(IEnumerable<DeidOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var mask = 0;
        foreach (var option in options)
        {
            mask |= 1 << (int)option;
        }
        return mask;
    }

    /// <summary>The selected options as bits: bit i set when <see cref="DeidOption"/> i is selected.</summary>
    internal int OptionMask { get; }

    public IReadOnlySet<DeidOption> Options =>
        _options ??= AllOptions.Where(o => (OptionMask & (1 << (int)o)) != 0).ToFrozenSet();

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
