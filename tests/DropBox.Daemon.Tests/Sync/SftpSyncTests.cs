using DropBox.Daemon.Sync;
using DropBox.Daemon.Sync.Sftp;
using DropBox.Testing;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Tests.Sync;

/// <summary>The sync against a real OpenSSH sshd on 127.0.0.1 started by the fixture.</summary>
public sealed class SftpSyncTests(SshdServer sshd) : IClassFixture<SshdServer>
{
    [SshdFact]
    public async Task A_batch_arrives_byte_identical_with_its_layout_and_the_manifest_checks_with_sha256sum()
    {
        using var bed = new SyncTestBed();
        var far = sshd.NewRemoteDirectory("batch");
        WriteBatch(bed);

        var result = await bed.RunAsync(Transport(far));

        Assert.Empty(result.Errors);
        Assert.Equal(6, result.Sent);
        SyncAssert.FarEndMatches(bed.SourceTree(), far);
        var output = SyncAssert.ManifestChecks(far, result.ManifestName!);
        Assert.Contains("gpg-PKUHSC/big 5MB.gpg: OK", output, StringComparison.Ordinal);
        SyncAssert.AllSent(bed.Journal, 6);
        Assert.Equal(0, bed.Journal.GetStatus("liver", bed.Time.GetUtcNow()).FilesWaiting);
    }

    [SshdFact]
    public async Task Killing_sshd_mid_batch_and_restarting_it_leaves_every_file_at_the_far_end_exactly_once()
    {
        using var bed = new SyncTestBed();
        var far = sshd.NewRemoteDirectory("kill");
        bed.Write("a/1.gpg", SyncTestBed.RandomBytes(1000, 1), TimeSpan.FromMinutes(30));
        bed.Write("a/2.gpg", SyncTestBed.RandomBytes(2000, 2), TimeSpan.FromMinutes(29));
        bed.Write("big/huge.gpg", SyncTestBed.RandomBytes(48 << 20, 3), TimeSpan.FromMinutes(28));
        bed.Write("c/3.gpg", SyncTestBed.RandomBytes(3000, 4), TimeSpan.FromMinutes(27));
        bed.Write("c/4.gpg", SyncTestBed.RandomBytes(4000, 5), TimeSpan.FromMinutes(26));
        var counting = new CountingTransport(Transport(far));
        SyncRunResult first;
        try
        {
            var run = Task.Run(() => bed.RunAsync(counting));
            var partial = Path.Combine(far, "big", ".huge.gpg.partial");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!File.Exists(partial) && !run.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(2);
            }

            Assert.True(File.Exists(partial), "the big file's upload never started");
            sshd.Kill();
            first = await run;
        }
        finally
        {
            sshd.Kill(); // no-op when the kill above happened
            sshd.Start();
        }

        Assert.NotEmpty(first.Errors);
        Assert.True(first.Waiting >= 3, $"files before the kill may have landed, the big one and later ones not ({first.Waiting} waiting)");

        var second = await bed.RunAsync(counting);

        Assert.Empty(second.Errors);
        SyncAssert.FarEndMatches(bed.SourceTree(), far);
        SyncAssert.AllSent(bed.Journal, 5);
        SyncAssert.ManifestChecks(far, second.ManifestName!);
        Assert.Equal(5, first.Sent + second.Sent);
    }

    [SshdFact]
    public async Task A_crash_between_the_remote_rename_and_the_journal_write_sends_nothing_twice()
    {
        // In-process stand-in for SIGKILL: the test seam throws after the far end confirmed the rename and
        // before the journal records `sent`, exactly the window a killed daemon leaves behind.
        using var bed = new SyncTestBed();
        var far = sshd.NewRemoteDirectory("crash");
        WriteBatch(bed);
        var counting = new CountingTransport(Transport(far));
        bed.AfterRemoteRename = _ => throw new SimulatedCrashException();

        await Assert.ThrowsAsync<SimulatedCrashException>(() => bed.RunAsync(counting));
        Assert.All(bed.Journal.GetFiles("liver"), r => Assert.Equal(SyncFileState.Uploading, r.State));
        var uploadsBeforeRestart = counting.Uploaded.Count;

        bed.AfterRemoteRename = null;
        var result = await bed.RunAsync(counting);

        Assert.Empty(result.Errors);
        Assert.Equal(6, result.Recovered);
        Assert.Equal(uploadsBeforeRestart, counting.Uploaded.Count(p => !p.Contains("MANIFEST", StringComparison.Ordinal)));
        SyncAssert.FarEndMatches(bed.SourceTree(), far);
        SyncAssert.AllSent(bed.Journal, 6);
        SyncAssert.ManifestChecks(far, result.ManifestName!);
    }

    [SshdFact]
    public async Task A_wrong_pinned_host_key_sends_nothing_and_the_error_names_the_host_and_what_to_check()
    {
        using var bed = new SyncTestBed();
        var far = sshd.NewRemoteDirectory("hostkey");
        WriteBatch(bed);
        var wrongKnownHosts = Path.Combine(bed.Root, "known_hosts");
        var otherKey = Path.Combine(bed.Root, "other_key");
        System.Diagnostics.Process.Start("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", otherKey])!.WaitForExit();
        var parts = File.ReadAllText(otherKey + ".pub").Split(' ');
        File.WriteAllText(wrongKnownHosts, $"[127.0.0.1]:{sshd.Port} {parts[0]} {parts[1]}\n");

        var result = await bed.RunAsync(Transport(far, knownHosts: wrongKnownHosts));

        var error = Assert.Single(result.Errors);
        Assert.Contains($"127.0.0.1:{sshd.Port}", error, StringComparison.Ordinal);
        Assert.Contains(wrongKnownHosts, error, StringComparison.Ordinal);
        Assert.Contains("ssh-keyscan", error, StringComparison.Ordinal);
        Assert.Contains("SHA256:", error, StringComparison.Ordinal);
        Assert.Equal(0, result.Sent);
        Assert.Empty(Directory.EnumerateFileSystemEntries(far));
        Assert.Contains(bed.Logger.Entries, e => e.Level == LogLevel.Error && e.Id.Id == 1506);

        // An empty pinned file (unknown key) is refused the same way.
        File.WriteAllText(wrongKnownHosts, "");
        var unknown = await bed.RunAsync(Transport(far, knownHosts: wrongKnownHosts));
        Assert.Contains("is not in the pinned file", Assert.Single(unknown.Errors), StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(far));
        Assert.All(bed.Journal.GetFiles("liver"), r => Assert.Equal(SyncFileState.Failed, r.State));
    }

    [SshdFact]
    public async Task An_unwritable_far_directory_fails_cleanly_and_the_files_go_once_it_is_fixed()
    {
        // Tests run as root, so chmod cannot stop writes: the far "directory" is below a regular file instead.
        using var bed = new SyncTestBed();
        var parent = sshd.NewRemoteDirectory("unwritable");
        var blocker = Path.Combine(parent, "blocked");
        File.WriteAllText(blocker, "not a directory");
        var far = Path.Combine(blocker, "inbox");
        WriteBatch(bed);
        var delays = new List<TimeSpan>();

        var failed = await bed.Runner(delays.Add).RunOnceAsync("liver", bed.Source, bed.Options, Transport(far), bed.Journal, bed.Guard, default);

        Assert.Equal(0, failed.Sent);
        Assert.Contains("writable", Assert.Single(failed.Errors), StringComparison.Ordinal);
        Assert.Single(delays);
        Assert.All(bed.Journal.GetFiles("liver"), r => Assert.Equal(SyncFileState.Failed, r.State));
        Assert.Equal(6, bed.Journal.GetStatus("liver", bed.Time.GetUtcNow()).FilesWaiting);

        File.Delete(blocker);
        Directory.CreateDirectory(far);
        var fixedRun = await bed.RunAsync(Transport(far));

        Assert.Empty(fixedRun.Errors);
        SyncAssert.FarEndMatches(bed.SourceTree(), far);
        SyncAssert.AllSent(bed.Journal, 6);
    }

    [SshdFact]
    public async Task A_receiver_deleting_what_arrived_causes_no_resend_and_a_changed_file_is_sent_again()
    {
        using var bed = new SyncTestBed();
        var far = sshd.NewRemoteDirectory("receiver");
        WriteBatch(bed);
        var counting = new CountingTransport(Transport(far));
        await bed.RunAsync(counting);
        foreach (var file in Directory.EnumerateFiles(far, "*", SearchOption.AllDirectories))
        {
            File.Delete(file);
        }

        counting.Uploaded.Clear();
        var again = await bed.RunAsync(counting);
        Assert.Equal(0, again.Sent);
        Assert.Empty(counting.Uploaded);
        Assert.Empty(Directory.EnumerateFiles(far, "*", SearchOption.AllDirectories));

        bed.Write("gpg-PKUHSC/a.gpg", "new content, same name");
        File.WriteAllText(Path.Combine(far, "gpg-PKUHSC", "a.gpg"), "the receiver's older copy");
        var changed = await bed.RunAsync(counting);
        Assert.Equal(1, changed.Sent);
        Assert.Equal("new content, same name", File.ReadAllText(Path.Combine(far, "gpg-PKUHSC", "a.gpg")));
        Assert.Contains(bed.Logger.Entries, e => e.Message.Contains("re-sending changed file", StringComparison.Ordinal));
    }

    internal static void WriteBatch(SyncTestBed bed)
    {
        bed.Write("gpg-PKUHSC/a.gpg", SyncTestBed.RandomBytes(1234, 10));
        bed.Write("gpg-PKUHSC/big 5MB.gpg", SyncTestBed.RandomBytes(5 << 20, 11));
        bed.Write("gpg-PKUHSC/nested/deeper/b.gpg", SyncTestBed.RandomBytes(10, 12));
        bed.Write("plain from sender/notes with spaces.txt", "hello \"quoted\" world\n");
        bed.Write("odd [name] *star* 'q'.txt", "glob characters stay literal");
        bed.Write("empty.txt", []);

        // Not sent: temp names of upload clients, dotfiles and dot-directories, and a file still being written.
        bed.Write("gpg-PKUHSC/upload.gpg.filepart", "partial");
        bed.Write("x.part", "partial");
        bed.Write("x.tmp", "partial");
        bed.Write(".hidden", "hidden");
        bed.Write(".work/inside.gpg", "hidden");
        bed.Write("fresh.gpg", "still being written", age: TimeSpan.FromSeconds(10));
    }

    internal ISyncTransport Transport(string remoteDirectory, string? knownHosts = null) => new SftpTransport(
        new SyncTargetOptions
        {
            Type = "sftp",
            Host = "127.0.0.1",
            Port = sshd.Port,
            User = sshd.User,
            IdentityFile = sshd.IdentityFile,
            KnownHostsFile = knownHosts ?? sshd.KnownHostsFile,
            RemoteDirectory = remoteDirectory,
        },
        TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(20),
        TimeProvider.System);

    private sealed class SimulatedCrashException : Exception;
}
