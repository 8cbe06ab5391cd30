using DropBox.Dicom;

namespace DropBox.Deidentify.Profile;

/// <summary>One row of PS3.15 Table E.1-1 with its action resolved for a <see cref="DeidProfile"/>'s options.</summary>
public sealed class ProfileRule
{
    private readonly ProfileTagPattern _pattern;

    internal ProfileRule(ProfileTableRow row, DeidAction action, DeidOption? decidingOption)
    {
        _pattern = ProfileTagPattern.Parse(row.Tag);
        Tag = row.Tag;
        Keyword = row.Keyword;
        Name = row.Name;
        InStdCompIod = row.InStdCompIod;
        BasicCode = row.Basic;
        BasicCandidates = ProfileCodes.Candidates(row.Basic);
        Action = action;
        DecidingOption = decidingOption;
    }

    /// <summary>The tag as the table prints it: "(0010,0010)", "(60XX,3000)", "(GGGG,EEEE) WHERE GGGG IS ODD".</summary>
    public string Tag { get; }

    /// <summary>PS3.6 keyword, empty for the curve and private rows.</summary>
    public string Keyword { get; }

    public string Name { get; }

    /// <summary>The "In Std. Comp. IOD" column: the attribute occurs in some standard composite IOD.</summary>
    public bool InStdCompIod { get; }

    /// <summary>The Basic Profile code as printed, e.g. "X/Z/D".</summary>
    public string BasicCode { get; }

    /// <summary>
    /// The Basic Profile code's choices in the table's order ("X/Z/D" → Remove, Empty, Dummy), for an engine that
    /// knows the IOD's attribute Type and can pick the first one the Type allows (PS3.15 E.1.1).
    /// </summary>
    public IReadOnlyList<DeidAction> BasicCandidates { get; }

    /// <summary>The action for this profile's options (see <see cref="DeidProfile"/> for how it is chosen).</summary>
    public DeidAction Action { get; }

    /// <summary>The selected option whose code gave <see cref="Action"/>, or null when the Basic Profile did.</summary>
    public DeidOption? DecidingOption { get; }

    /// <summary>True for a single-tag row; false for the repeating-group and private-attribute rows.</summary>
    public bool IsSingleTag => _pattern.IsSingleTag;

    public bool Matches(DicomTag tag) => _pattern.Matches(tag);

    internal uint SingleTagValue => _pattern.Value;

    public override string ToString() => $"{Tag} {Keyword}: {Action}";
}
