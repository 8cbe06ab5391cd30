using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>
/// The engine's allow-list posture (PS3.15's intent: what is not known to be safe does not leave). Elements the
/// engine cannot understand are removed whatever the table says, because a bit flip in a sender's export can move
/// any value into them: an attribute in a group no dataset may use, a group length, a private element whose block
/// has no creator, a public attribute the data dictionary does not know, and a sequence attribute whose bytes could
/// not be read as a sequence. The plan words below say which, so <c>--what-if</c> lists them as such.
/// A project's field list may still keep a named tag on purpose (it is consulted first).
/// </summary>
internal static class AllowList
{
    public const string IllegalGroup = "remove-illegal-group";
    public const string GroupLength = "remove-group-length";
    public const string OrphanPrivate = "remove-private-without-creator";
    public const string UnknownAttribute = "remove-unknown-attribute";
    public const string UnreadableSequence = "remove-unreadable-sequence";
    public const string UnlistedPatientAttribute = "remove-unlisted-patient-attribute";

    /// <summary>The plan word when the tag itself rules the element out; null when the other rules decide.</summary>
    public static string? Refuses(DicomTag tag, string? creator)
    {
        // 0000 is the command group and 0002 the file meta, neither of which belongs in a dataset; 0001, 0003,
        // 0005, 0007 and FFFF may not be used at all (PS3.5 §7.8.1).
        if (tag.Group is 0x0000 or 0x0001 or 0x0002 or 0x0003 or 0x0005 or 0x0007 or 0xFFFF)
        {
            return IllegalGroup;
        }
        if (tag.IsGroupLength)
        {
            return GroupLength; // retired outside the meta group; the writer recomputes nothing for it
        }
        return tag.IsPrivate && !tag.IsPrivateCreator && creator is null ? OrphanPrivate : null;
    }
}
