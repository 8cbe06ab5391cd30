namespace DropBox.Deidentify.Profile;

/// <summary>
/// The word for an action, as a field list writes it and as the what-if plan prints it ("remove", "shift-date"…).
/// The plan's words are pinned by tests and read by people and scripts: change none.
/// </summary>
internal static class DeidActionText
{
    public static string Of(DeidAction action) => action switch
    {
        DeidAction.Remove => "remove",
        DeidAction.Empty => "empty",
        DeidAction.Dummy => "dummy",
        DeidAction.Keep => "keep",
        DeidAction.Clean => "clean",
        DeidAction.RemapUid => "remap-uid",
        DeidAction.Pseudonym => "pseudonym",
        DeidAction.Hash => "hash",
        DeidAction.ShiftDate => "shift-date",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "not an action"),
    };
}
