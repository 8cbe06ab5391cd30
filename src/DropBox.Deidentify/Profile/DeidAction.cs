namespace DropBox.Deidentify.Profile;

/// <summary>What PS3.15 E.1.1 says to do with an attribute (the action codes of Table E.1-1).</summary>
public enum DeidAction
{
    /// <summary>X: remove the attribute (a sequence with everything in it).</summary>
    Remove,

    /// <summary>Z: replace with a zero-length value (or a dummy value consistent with the VR).</summary>
    Empty,

    /// <summary>D: replace with a non-empty dummy value consistent with the VR.</summary>
    Dummy,

    /// <summary>K: keep; for a sequence, keep it but apply the rules to what is inside.</summary>
    Keep,

    /// <summary>C: clean — replace with values of similar meaning known not to identify (e.g. shifted dates).</summary>
    Clean,

    /// <summary>
    /// U: replace with a non-empty UID, consistent across the set of instances. For a sequence (the X/Z/U* rows),
    /// keep the sequence and apply the rules inside, where the UIDs have their own U rows.
    /// </summary>
    RemapUid,
}
