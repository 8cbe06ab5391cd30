namespace DropBox.Deidentify.Profile;

/// <summary>
/// What happens to an attribute. The first six are the action codes of PS3.15 Table E.1-1 (E.1.1), the only ones the
/// table gives; a project's field list may also ask for <see cref="Pseudonym"/>, <see cref="Hash"/> and
/// <see cref="ShiftDate"/> (and never for <see cref="Clean"/>). The engine resolves every element to one of them,
/// and its what-if plan names them by <see cref="DeidActionText.Of"/>.
/// </summary>
public enum DeidAction
{
    /// <summary>X: remove the attribute (a sequence with everything in it).</summary>
    Remove,

    /// <summary>Z: replace with a zero-length value (or a dummy value consistent with the VR).</summary>
    Empty,

    /// <summary>D: replace with a non-empty dummy value consistent with the VR (a field list gives the text).</summary>
    Dummy,

    /// <summary>K: keep; for a sequence, keep it but apply the rules to what is inside.</summary>
    Keep,

    /// <summary>C: clean — replace with values of similar meaning known not to identify (e.g. shifted dates).</summary>
    Clean,

    /// <summary>
    /// U: replace with a non-empty UID, consistent across the set of instances (secret-keyed 2.25 UIDs). For a
    /// sequence (the X/Z/U* rows), keep the sequence and apply the rules inside, where the UIDs have their own U rows.
    /// </summary>
    RemapUid,

    /// <summary>Replace with the patient's pseudonym.</summary>
    Pseudonym,

    /// <summary>Replace with a keyed hash of the value (stable within the project).</summary>
    Hash,

    /// <summary>Shift DA/DT by the patient's date offset (TM kept).</summary>
    ShiftDate,
}
