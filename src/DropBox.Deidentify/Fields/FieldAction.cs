namespace DropBox.Deidentify.Fields;

/// <summary>What a field-list entry does to an attribute. It overrides the profile for that attribute.</summary>
public enum FieldActionKind
{
    /// <summary>Delete the attribute (with everything inside a sequence).</summary>
    Remove,
    /// <summary>Keep the attribute with an empty value (a sequence keeps no items).</summary>
    Empty,
    /// <summary>Keep the value as it is. Sequences: keep, but the rules still apply to their items.</summary>
    Keep,
    /// <summary>Replace with the fixed text after "dummy:".</summary>
    Dummy,
    /// <summary>Replace with the patient's pseudonym.</summary>
    Pseudonym,
    /// <summary>Replace with a keyed hash of the value (stable within the project).</summary>
    Hash,
    /// <summary>Shift DA/DT by the patient's date offset (TM kept).</summary>
    ShiftDate,
    /// <summary>Replace UIDs with their secret-keyed 2.25 UIDs.</summary>
    RemapUid,
}

/// <summary>One parsed action; <see cref="DummyValue"/> is set for <see cref="FieldActionKind.Dummy"/>.</summary>
public sealed record FieldAction(FieldActionKind Kind, string? DummyValue = null)
{
    public override string ToString() => Kind switch
    {
        FieldActionKind.Dummy => "dummy",
        FieldActionKind.ShiftDate => "shift-date",
        FieldActionKind.RemapUid => "remap-uid",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}
