using DropBox.Cli.Tests.Commands;
using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>Issue 5: the process is SIGKILLed between the far end's rename and the journal's "sent".</summary>
public sealed class SyncCrashTests
{
    [ToolFact("gpg")]
    public void A_sync_killed_after_the_remote_rename_sends_nothing_twice_after_restart()
    {
        using var bed = new AdminBed();
        var names = new[] { "u-20261101080000-00000001.dcm.gpg", "u-20261101080000-00000002.zip.gpg", "u-20261101080000-00000003.dcm.gpg" };
        foreach (var name in names)
        {
            bed.WriteAged(Path.Combine(bed.Outbox("PKUHSC"), name), "cipher " + name, TimeSpan.FromMinutes(30));
        }

        var killed = DropBoxCli.Run(["sync", "--config", bed.ConfigPath], TimeSpan.FromMinutes(2),
            env: new Dictionary<string, string?> { ["DROPBOX_TEST_CRASH_AT"] = "sync-after-remote-rename" });

        Assert.True(killed.ExitCode == 137, killed.Describe());
        var far = Path.Combine(bed.FarSite, "gpg-PKUHSC");
        var delivered = names.Select(n => Path.Combine(far, n)).ToArray();
        Assert.All(delivered, path => Assert.True(File.Exists(path), $"{Path.GetFileName(path)} should have reached the far end before the kill"));
        var inodes = delivered.ToDictionary(p => p, Inode);

        var restarted = bed.Run("sync");

        Assert.True(restarted.ExitCode == 0, restarted.Describe());
        Assert.Contains(restarted.StdErrLines, l => l.Contains("already at the far end", StringComparison.Ordinal));
        // A re-send would have written a new file and renamed it over: a new inode.
        Assert.All(delivered, path => Assert.Equal(inodes[path], Inode(path)));
        Assert.Empty(Directory.GetFiles(bed.FarSite, "*.partial", SearchOption.AllDirectories));
        Assert.Single(Directory.GetFiles(bed.FarSite, "MANIFEST-*.sha256"));
        Assert.All(delivered, path => Assert.Equal("cipher " + Path.GetFileName(path), File.ReadAllText(path)));
    }

    private static string Inode(string path) =>
        ProcessRunner.Run("stat", "-c", "%i", path).StdOut.Trim();
}
