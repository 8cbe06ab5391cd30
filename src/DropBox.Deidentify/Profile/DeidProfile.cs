using System.Collections.Frozen;
using DropBox.Dicom;

namespace DropBox.Deidentify.Profile;

/// <summary>
/// The PS3.15 Annex E Basic Application Level Confidentiality Profile (Table E.1-1, DICOM 2024b plus the rows added
/// since) with a chosen set of options, each row's action resolved once (rules in <see cref="ProfileCodes"/>).
/// It answers "what does the table say for this tag"; attributes the table does not name (null) are the engine's
/// decision (PS3.15 E.1.1 Note 4: handle every DA/DT/TM and UI by VR; a whitelist engine removes the rest).
/// </summary>
public sealed class DeidProfile
{
    private static readonly ProfileTableRow[] Table = ProfileTableData.Rows();

    private readonly FrozenDictionary<uint, ProfileRule> _byTag;
    private readonly ProfileRule[] _patterns;

    /// <summary>The Basic Profile with no option.</summary>
    public static DeidProfile Basic { get; } = new([]);

    public DeidProfile(IEnumerable<DeidOption> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options.ToFrozenSet();
        Rules = Table.Select(row => new ProfileRule(row, ProfileCodes.Resolve(row, Options, out var by), by)).ToArray();
        _byTag = Rules.Where(r => r.IsSingleTag).ToFrozenDictionary(r => r.SingleTagValue);
        _patterns = Rules.Where(r => !r.IsSingleTag).ToArray();
    }

    public IReadOnlySet<DeidOption> Options { get; }

    /// <summary>Every row of the table, in the standard's order (alphabetical by attribute name).</summary>
    public IReadOnlyList<ProfileRule> Rules { get; }

    /// <summary>
    /// The row naming the tag: a single-tag row first, then overlays/curves in even 50xx/60xx groups, then the
    /// private-attributes row for any odd group (private creators included). Null when the table does not name it.
    /// </summary>
    public ProfileRule? RuleFor(DicomTag tag)
    {
        if (_byTag.TryGetValue(tag.Value, out var rule))
        {
            return rule;
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
