using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Tests.Sync;

/// <summary>The same guarantees with the <c>local</c> target (a directory such as an NFS mount).</summary>
public sealed class LocalSyncTests
{
    [Fact]
    public async Task A_batch_arrives_byte_identical_with_its_layout_and_the_manifest_checks_with_sha256sum()
    {
        using var bed = new SyncTestBed();
        var far = Far(bed);
        SftpSyncTests.WriteBatch(bed);

        var result = await bed.RunAsync(new LocalTransport(far));

        Assert.Empty(result.Errors);
        Assert.Equal(6, result.Sent);
        SyncAssert.FarEndMatches(bed.SourceTree(), far);
        SyncAssert.ManifestChecks(far, result.ManifestName!);
        SyncAssert.AllSent(bed.Journal, 6);
        Assert.Equal(1, bed.Journal.GetFiles("liver").Count(r => r.RelativePath == "gpg-PKUHSC/big 5MB.gpg"));
    }

    [Fact]
    public async Task Files_still_being_written_wait_for_a_later_run()
    {
        using var bed = new SyncTestBed();
        var far = Far(bed);
        bed.Write("gpg-PKUHSC/fresh.gpg", "growing", age: TimeSpan.FromSeconds(30));

        var early = await bed.RunAsync(new LocalTransport(far));
        Assert.Equal(0, early.Sent);
        Assert.Null(early.ManifestName);

        bed.Time.Advance(TimeSpan.FromMinutes(3));
        var later = await bed.RunAsync(new LocalTransport(far));
        Assert.Equal(1, later.Sent);
        Assert.True(File.Exists(Path.Combine(far, "gpg-PKUHSC", "fresh.gpg")));
    }

    [Fact]
    public async Task A_changed_file_is_sent_again_and_logged_while_deletes_are_never_propagated()
    {
        using var bed = new SyncTestBed();
        var far = Far(bed);
        bed.Write("gpg-PKUHSC/a.gpg", "version 1");
        var gone = bed.Write("gpg-PKUHSC/b.gpg", "deleted locally later");
        var counting = new CountingTransport(new LocalTransport(far));
        await bed.RunAsync(counting);

        File.Delete(gone);
        bed.Write("gpg-PKUHSC/a.gpg", "version 2, longer");
        counting.Uploaded.Clear();
        var result = await bed.RunAsync(counting);

        Assert.Equal(1, result.Sent);
        Assert.Equal("version 2, longer", File.ReadAllText(Path.Combine(far, "gpg-PKUHSC", "a.gpg")));
        Assert.Equal("deleted locally later", File.ReadAllText(Path.Combine(far, "gpg-PKUHSC", "b.gpg")));
        Assert.Contains(bed.Logger.Entries, e => e.Id.Id == 1502 && e.Message.Contains("re-sending changed file", StringComparison.Ordinal));
        Assert.DoesNotContain(bed.Logger.Entries, e => e.Message.Contains("a.gpg", StringComparison.Ordinal));
        Assert.Contains(counting.Uploaded, p => p == "gpg-PKUHSC/.a.gpg.partial");
        Assert.Single(counting.Uploaded, p => !p.Contains("MANIFEST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_receiver_deleting_what_arrived_causes_no_resend()
    {
        using var bed = new SyncTestBed();
        var far = Far(bed);
        SftpSyncTests.WriteBatch(bed);
        var counting = new CountingTransport(new LocalTransport(far));
        await bed.RunAsync(counting);
        Directory.Delete(far, recursive: true);
        Directory.CreateDirectory(far);
        counting.Uploaded.Clear();

        var result = await bed.RunAsync(counting);

        Assert.Equal(0, result.Sent);
        Assert.Empty(counting.Uploaded);
        Assert.Empty(Directory.EnumerateFileSystemEntries(far));
    }

    [Fact]
    public async Task A_crash_between_the_rename_and_the_journal_write_sends_nothing_twice()
    {
        using var bed = new SyncTestBed();
        var far = Far(bed);
        SftpSyncTests.WriteBatch(bed);
        var counting = new CountingTransport(new LocalTransport(far));
        bed.AfterRemoteRename = _ => throw new TimeoutException("simulated kill");
        await Assert.ThrowsAsync<TimeoutException>(() => bed.RunAsync(counting));
        var before = counting.Uploaded.Count;

        bed.AfterRemoteRename = null;
        var result = await bed.RunAsync(counting);

        Assert.Equal(6, result.Recovered);
        Assert.Equal(before + 1, counting.Uploaded.Count); // only the manifest
        SyncAssert.FarEndMatches(bed.SourceTree(), far);
        SyncAssert.ManifestChecks(far, result.ManifestName!);
        SyncAssert.AllSent(bed.Journal, 6);
    }

    [Fact]
    public async Task A_missing_mount_fails_cleanly_without_creating_it_and_the_files_go_once_it_is_back()
    {
        using var bed = new SyncTestBed();
        var far = Path.Combine(bed.Root, "unmounted");
        bed.Write("gpg-PKUHSC/a.gpg", "x");
        bed.Options.AlertAfter = TimeSpan.FromMinutes(5);

        var failed = await bed.RunAsync(new LocalTransport(far));

        Assert.Contains("is the share mounted?", Assert.Single(failed.Errors), StringComparison.Ordinal);
        Assert.False(Directory.Exists(far));
        Assert.Equal(SyncFileState.Failed, Assert.Single(bed.Journal.GetFiles("liver")).State);
        Assert.Contains(bed.Logger.Entries, e => e.Id.Id == 1507 && e.Level == Microsoft.Extensions.Logging.LogLevel.Error);
        var status = bed.Journal.GetStatus("liver", bed.Time.GetUtcNow());
        Assert.Equal(1, status.FilesWaiting);
        Assert.Equal(TimeSpan.FromMinutes(10), status.OldestWaitingAge);
        Assert.NotNull(status.LastError);
        Assert.Null(status.LastSuccessfulSync);

        Directory.CreateDirectory(far);
        var ok = await bed.RunAsync(new LocalTransport(far));

        Assert.Empty(ok.Errors);
        Assert.Equal("x", File.ReadAllText(Path.Combine(far, "gpg-PKUHSC", "a.gpg")));
        Assert.NotNull(bed.Journal.GetStatus("liver", bed.Time.GetUtcNow()).LastSuccessfulSync);
    }

    [Fact]
    public async Task A_different_file_already_under_the_final_name_is_not_overwritten()
    {
        using var bed = new SyncTestBed();
        var far = Far(bed);
        bed.Write("a.gpg", "ours");
        File.WriteAllText(Path.Combine(far, "a.gpg"), "someone else's, longer");

        var result = await bed.RunAsync(new LocalTransport(far));

        Assert.Equal(0, result.Sent);
        Assert.Equal(1, result.Failed);
        Assert.Equal("someone else's, longer", File.ReadAllText(Path.Combine(far, "a.gpg")));
        Assert.False(File.Exists(Path.Combine(far, ".a.gpg.partial")));
        Assert.Contains("already there", Assert.Single(bed.Journal.GetFiles("liver")).LastError, StringComparison.Ordinal);
    }

    private static string Far(SyncTestBed bed) => Directory.CreateDirectory(Path.Combine(bed.Root, "far")).FullName;
}
