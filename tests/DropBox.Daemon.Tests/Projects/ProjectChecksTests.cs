using DropBox.Daemon.Projects;
using DropBox.Daemon.Tests.Intake;

namespace DropBox.Daemon.Tests.Projects;

public sealed class ProjectChecksTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_filesystem_probe_left_by_a_killed_check_is_removed_from_the_inbox_and_a_live_processes_probe_is_kept()
    {
        var inbox = _folder.Dir("root", "SITE", "gpg");
        var work = _folder.Combine("root", ".dropbox");
        var dead = Path.Combine(inbox, ".dropbox-fs-probe-999999999");
        var deadFolder = Path.Combine(_folder.Dir("root"), ".dropbox-fs-probe-999999999.d");
        Directory.CreateDirectory(deadFolder);
        File.WriteAllBytes(dead, []);
        var live = Path.Combine(inbox, ".dropbox-fs-probe-1");   // pid 1 always runs
        File.WriteAllBytes(live, []);

        Assert.Null(new ProjectChecks().CheckSameFilesystem(inbox, work));

        Assert.False(File.Exists(dead));
        Assert.False(Directory.Exists(deadFolder));
        Assert.True(File.Exists(live));
        Assert.Equal([live], Directory.GetFileSystemEntries(inbox));
    }
}
