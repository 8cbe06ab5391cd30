using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Tests.Sync;

/// <summary>Retries within a run (Polly on the injected clock): the waits, the count of failures in a row, giving up.</summary>
public sealed class SyncRetryTests
{
    private static readonly TimeSpan Base = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_transient_failure_is_retried_after_a_wait_on_the_clock_and_the_files_then_arrive()
    {
        using var bed = Bed(maxAttempts: 3);
        var far = Far(bed);
        bed.Write("gpg-PKUHSC/a.gpg", "first");
        bed.Write("gpg-PKUHSC/b.gpg", "second");
        var transport = new FlakyTransport(new LocalTransport(far)).FailUpload(1);
        var clock = new WatchedClock(bed.Time);

        var run = Run(bed, clock, transport);
        var wait = await clock.AdvancePastNextWaitAsync(run);
        var result = await run;

        Assert.InRange(wait, Base / 2, Base); // the first failure's wait: half fixed, half jitter
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Sent);
        SyncAssert.FarEndMatches(bed.SourceTree(), far);
        SyncAssert.ManifestChecks(far, result.ManifestName!);
        SyncAssert.AllSent(bed.Journal, 2);
        Assert.Equal(3, transport.UploadCalls); // failed, files, manifest
        var retrying = Assert.Single(bed.Logger.Entries, e => e.Id.Id == ListLogger.RetryingEventId);
        Assert.Contains("attempt 1 of 3 failed", retrying.Message, StringComparison.Ordinal);
        Assert.Contains(FlakyTransport.Error, retrying.Message, StringComparison.Ordinal);
        Assert.IsType<ScrubbedException>(bed.Logger.Exceptions[bed.Logger.Entries.IndexOf(retrying)]);
    }

    [Fact]
    public async Task A_file_landing_resets_the_count_so_a_run_that_keeps_progressing_is_not_given_up()
    {
        // Two attempts allowed in a row, three failures in the run: each failure came after a file landed.
        using var bed = Bed(maxAttempts: 2);
        var far = Far(bed);
        bed.Write("a.gpg", "one", TimeSpan.FromMinutes(30));
        bed.Write("b.gpg", "two", TimeSpan.FromMinutes(20));
        bed.Write("c.gpg", "three", TimeSpan.FromMinutes(10));
        var transport = new FlakyTransport(new LocalTransport(far)).FailUpload(1, completedBeforeFailure: 1).FailUpload(2, completedBeforeFailure: 1);
        var clock = new WatchedClock(bed.Time);

        var run = Run(bed, clock, transport);
        var waits = new[] { await clock.AdvancePastNextWaitAsync(run), await clock.AdvancePastNextWaitAsync(run) };
        var result = await run;

        Assert.Empty(result.Errors);
        Assert.Equal(3, result.Sent);
        SyncAssert.FarEndMatches(bed.SourceTree(), far);
        SyncAssert.AllSent(bed.Journal, 3);
        Assert.All(waits, w => Assert.InRange(w, Base / 2, Base)); // a second failure in a row would wait 10-20 s
        var retrying = bed.Logger.Entries.Where(e => e.Id.Id == ListLogger.RetryingEventId).ToList();
        Assert.Equal(2, retrying.Count);
        Assert.All(retrying, e => Assert.Contains("attempt 1 of 2 failed", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_the_last_attempt_each_unsent_file_fails_once_with_the_reason_and_the_run_reports_one_error()
    {
        using var bed = Bed(maxAttempts: 3);
        var far = Far(bed);
        bed.Write("a.gpg", "one");
        bed.Write("b.gpg", "two");
        var transport = new FlakyTransport(new LocalTransport(far)).FailUpload(1).FailUpload(2).FailUpload(3).FailUpload(4);
        var clock = new WatchedClock(bed.Time);

        var run = Run(bed, clock, transport);
        var first = await clock.AdvancePastNextWaitAsync(run);
        var second = await clock.AdvancePastNextWaitAsync(run);
        var result = await run;

        Assert.InRange(first, Base / 2, Base);
        Assert.InRange(second, Base, 2 * Base); // doubled after the second failure in a row
        Assert.Equal(3, transport.UploadCalls);
        Assert.Equal(FlakyTransport.Error, Assert.Single(result.Errors));
        Assert.Equal(0, result.Sent);
        Assert.Equal(2, result.Failed);
        Assert.Equal(2, result.Waiting);
        Assert.Null(result.ManifestName);
        Assert.All(bed.Journal.GetFiles("liver"), r =>
        {
            Assert.Equal(SyncFileState.Failed, r.State);
            Assert.Equal(1, r.Attempts); // one failed outcome per file, not one per attempt
            Assert.Equal(FlakyTransport.Error, r.LastError);
        });
        Assert.Empty(Directory.EnumerateFiles(far, "*", SearchOption.AllDirectories));
        var failed = Assert.Single(bed.Logger.Entries, e => e.Id.Id == 1505);
        var logged = Assert.IsType<ScrubbedException>(bed.Logger.Exceptions[bed.Logger.Entries.IndexOf(failed)]);
        Assert.Equal(typeof(SyncTransportException).FullName, logged.OriginalType);
        Assert.Equal(FlakyTransport.Error, bed.Journal.GetStatus("liver", bed.Time.GetUtcNow()).LastError);
    }

    [Fact]
    public async Task With_one_attempt_allowed_a_failure_gives_up_at_once_without_waiting()
    {
        using var bed = Bed(maxAttempts: 1);
        var far = Far(bed);
        bed.Write("a.gpg", "one");
        var transport = new FlakyTransport(new LocalTransport(far)).FailUpload(1);

        var result = await Run(bed, new WatchedClock(bed.Time), transport);

        Assert.Equal(FlakyTransport.Error, Assert.Single(result.Errors));
        Assert.Equal(1, transport.UploadCalls);
        Assert.DoesNotContain(bed.Logger.Entries, e => e.Id.Id == ListLogger.RetryingEventId);
        Assert.Equal(SyncFileState.Failed, Assert.Single(bed.Journal.GetFiles("liver")).State);
    }

    [Fact]
    public async Task A_manifest_upload_that_fails_once_is_retried_and_lands()
    {
        using var bed = Bed(maxAttempts: 2);
        var far = Far(bed);
        bed.Write("a.gpg", "one");
        var transport = new FlakyTransport(new LocalTransport(far)).FailUpload(2); // 1: the file, 2: the manifest
        var clock = new WatchedClock(bed.Time);

        var run = Run(bed, clock, transport);
        var wait = await clock.AdvancePastNextWaitAsync(run);
        var result = await run;

        Assert.InRange(wait, Base / 2, Base);
        Assert.Empty(result.Errors);
        Assert.Equal(3, transport.UploadCalls); // files, manifest (failed), manifest
        SyncAssert.ManifestChecks(far, result.ManifestName!);
        Assert.Contains("attempt 1 of 2 failed", Assert.Single(bed.Logger.Entries, e => e.Id.Id == ListLogger.RetryingEventId).Message, StringComparison.Ordinal);
    }

    private static SyncTestBed Bed(int maxAttempts)
    {
        var bed = new SyncTestBed();
        bed.Options.MaxAttempts = maxAttempts;
        bed.Options.BackoffBase = Base;
        return bed;
    }

    private static Task<SyncRunResult> Run(SyncTestBed bed, TimeProvider clock, ISyncTransport transport) =>
        new SyncRunner(bed.Logger, clock).RunOnceAsync("liver", bed.Source, bed.Options, transport, bed.Journal, bed.Guard, default);

    private static string Far(SyncTestBed bed) => Directory.CreateDirectory(Path.Combine(bed.Root, "far")).FullName;
}
