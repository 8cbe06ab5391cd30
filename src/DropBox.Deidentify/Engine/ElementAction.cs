namespace DropBox.Deidentify.Engine;

/// <summary>What the walker does to one element, after field list, private rules, profile and VR catch-alls.</summary>
internal enum ElementAction
{
    Keep,
    Remove,
    Empty,
    Dummy,
    Pseudonym,
    Hash,
    ShiftDate,
    RemapUid,
    Clean,
}

internal static class ElementActionText
{
    public static string Of(ElementAction action) => action switch
    {
        ElementAction.ShiftDate => "shift-date",
        ElementAction.RemapUid => "remap-uid",
        _ => action.ToString().ToLowerInvariant(),
    };
}
