using System.Diagnostics;
using System.Runtime.InteropServices;

namespace DropBox.Daemon.Tests.Outbox;

/// <summary>
/// Gives a folder the default ACL <c>u::rwx,g::rwx,o::-</c>: with <c>setfacl -d</c> when it is installed, else by
/// writing the same ACL's kernel form into the <c>system.posix_acl_default</c> attribute (what setfacl does).
/// </summary>
internal static class DefaultAcl
{
    /// <summary>True when it was set; false when the filesystem (or the machine) has no ACLs.</summary>
    public static bool TrySet(string directory)
    {
        if (File.Exists("/usr/bin/setfacl") || File.Exists("/bin/setfacl"))
        {
            using var setfacl = Process.Start(new ProcessStartInfo("setfacl", ["-d", "-m", "u::rwx,g::rwx,o::-", directory]) { RedirectStandardError = true })!;
            setfacl.WaitForExit();
            return setfacl.ExitCode == 0;
        }
        // struct posix_acl_xattr_header { u32 version = 2 } then { u16 tag, u16 perm, u32 id } per entry.
        var value = new byte[4 + (3 * 8)];
        BitConverter.TryWriteBytes(value.AsSpan(0), 2u);
        (ushort Tag, ushort Perm)[] entries = [(0x01, 7), (0x04, 7), (0x20, 0)];   // ACL_USER_OBJ, ACL_GROUP_OBJ, ACL_OTHER
        for (var i = 0; i < entries.Length; i++)
        {
            BitConverter.TryWriteBytes(value.AsSpan(4 + (i * 8)), entries[i].Tag);
            BitConverter.TryWriteBytes(value.AsSpan(6 + (i * 8)), entries[i].Perm);
            BitConverter.TryWriteBytes(value.AsSpan(8 + (i * 8)), uint.MaxValue);
        }
        return SetXattr(directory, "system.posix_acl_default", value, (nuint)value.Length, 0) == 0;
    }

    [DllImport("libc", EntryPoint = "setxattr", SetLastError = true)]
    private static extern int SetXattr([MarshalAs(UnmanagedType.LPUTF8Str)] string path, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, byte[] value, nuint size, int flags);
}

/// <summary>Runs only where a temp folder can carry a default POSIX ACL.</summary>
public sealed class DefaultAclFactAttribute : FactAttribute
{
    public DefaultAclFactAttribute()
    {
        var probe = Directory.CreateTempSubdirectory("dbx-acl-probe-").FullName;
        try
        {
            if (!DefaultAcl.TrySet(probe))
            {
                Skip = "The temp folder's filesystem takes no default POSIX ACL (and setfacl is not installed to say more).";
            }
        }
        finally
        {
            Directory.Delete(probe);
        }
    }
}

/// <summary>Runs only as root, who may give a file any group (to stand for a daemon user in the outbox's group).</summary>
public sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (Environment.UserName != "root")
        {
            Skip = "Needs root to give a file a group the test user is not in (the setgid outbox case).";
        }
    }
}
