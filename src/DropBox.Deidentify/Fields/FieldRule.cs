namespace DropBox.Deidentify.Fields;

/// <summary>A validated field-list entry.</summary>
public sealed record FieldRule(AttributeSelector Selector, FieldAction Action);
