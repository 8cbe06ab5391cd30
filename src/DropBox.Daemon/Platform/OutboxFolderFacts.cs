using System.Runtime.InteropServices;

namespace DropBox.Daemon.Platform;

/// <summary>
/// What a folder gives a file CREATED in it that a file RENAMED into it does not get: a default POSIX ACL (the new
/// file inherits it; a renamed one keeps its own bits), and the folder's group when the folder is setgid. The outbox
/// publisher renames a ciphertext in only when neither would make the receiver see a different file than a copy.
/// </summary>
/// <param name="HasDefaultAcl">The folder carries <c>system.posix_acl_default</c>, or whether it does could not be read.</param>
/// <param name="SetGidGroup">The folder's group when the folder is setgid (new files get it), else null.</param>
internal readonly record struct OutboxFolderFacts(bool HasDefaultAcl, uint? SetGidGroup)
{
    private const string DefaultAclAttribute = "system.posix_acl_default";
    private const int ENODATA = 61;
    private const int ENOTSUP = 95;

    /// <summary>Reads the facts of <paramref name="directory"/> (without following a link).</summary>
    /// <exception cref="IOException">The folder cannot be read.</exception>
    public static OutboxFolderFacts Of(string directory)
    {
        var size = NativeMethods.LGetXattr(directory, DefaultAclAttribute, 0, 0);
        // ENODATA: no default ACL. ENOTSUP: the filesystem has no ACLs at all. Anything else: not known, so assume one.
        var hasDefaultAcl = size >= 0 || Marshal.GetLastPInvokeError() is not (ENODATA or ENOTSUP);
        var status = UnixFileStatus.LStat(directory);
        return new OutboxFolderFacts(hasDefaultAcl, status.Permissions.HasFlag(UnixFileMode.SetGroup) ? status.Group : null);
    }

    /// <summary>The group of a file (no link followed).</summary>
    public static uint GroupOf(string path) => UnixFileStatus.LStat(path).Group;

    /// <summary>Gives <paramref name="path"/> the group <paramref name="group"/> (owner unchanged); false when the
    /// daemon's user may not (it is not a member of that group).</summary>
    public static bool TryChangeGroup(string path, uint group) => NativeMethods.LChown(path, uint.MaxValue, group) == 0;
}
