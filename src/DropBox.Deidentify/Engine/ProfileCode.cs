using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>A Table E.1-1 action after options and combined codes are resolved (the profile gives the safe choice).</summary>
public enum ProfileCode
{
    /// <summary>K: keep (sequences: rules still apply inside).</summary>
    Keep,
    /// <summary>X: remove.</summary>
    Remove,
    /// <summary>Z: zero length.</summary>
    Empty,
    /// <summary>D: non-empty dummy consistent with the VR.</summary>
    Dummy,
    /// <summary>U: replace the UID, consistently.</summary>
    Uid,
    /// <summary>C: clean (replace with values of similar meaning that identify nothing).</summary>
    Clean,
}

/// <summary>
/// The seam to the generated PS3.15 table (src/DropBox.Deidentify/Profile): the resolved code for a public tag
/// under a set of options, or null when the table does not name it (the engine's VR catch-alls then apply).
/// </summary>
public interface IProfileRules
{
    /// <summary>Short name of the table edition for the De-identification Method text, e.g. "2024b".</summary>
    string Edition { get; }

    ProfileCode? CodeFor(DicomTag tag, ProfileOption options);

    /// <summary>
    /// True when the table's code for the tag lets it be removed although <see cref="CodeFor"/> chose another action
    /// (X/Z, X/D, X/Z/D rows, resolved to their last choice so that Type 1/2 attributes stay present).
    /// </summary>
    bool AllowsRemoval(DicomTag tag, ProfileOption options) => false;
}
