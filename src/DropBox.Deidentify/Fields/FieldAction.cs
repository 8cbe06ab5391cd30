using DropBox.Deidentify.Profile;

namespace DropBox.Deidentify.Fields;

/// <summary>
/// What a field-list entry does to an attribute; it overrides the profile for that attribute. A field list writes
/// remove, empty, keep, dummy:VALUE, pseudonym, hash, shift-date or remap-uid (<see cref="FieldList"/>); a
/// <see cref="DeidAction.Clean"/> built in code is cleaned by the VR's rule, as the table's C is.
/// <see cref="DummyValue"/> is set for <see cref="DeidAction.Dummy"/>.
/// </summary>
public sealed record FieldAction(DeidAction Kind, string? DummyValue = null)
{
    public override string ToString() => DeidActionText.Of(Kind);
}
