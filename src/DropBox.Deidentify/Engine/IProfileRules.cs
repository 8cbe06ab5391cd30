using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>
/// The seam to the generated PS3.15 table (src/DropBox.Deidentify/Profile): the action for a public tag under a set of
/// options, with combined codes resolved (the profile gives the safe choice), or null when the table does not name
/// it (the engine's VR catch-alls then apply).
/// </summary>
public interface IProfileRules
{
    /// <summary>Short name of the table edition for the De-identification Method text, e.g. "2024b".</summary>
    string Edition { get; }

    DeidAction? ActionFor(DicomTag tag, DeidOption options);

    /// <summary>
    /// True when the table's code for the tag lets it be removed although <see cref="ActionFor"/> chose another action
    /// (X/Z, X/D, X/Z/D rows, resolved to their last choice so that Type 1/2 attributes stay present).
    /// </summary>
    bool AllowsRemoval(DicomTag tag, DeidOption options) => false;
}
