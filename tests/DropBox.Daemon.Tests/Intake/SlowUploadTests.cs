using DropBox.Daemon.Intake;

namespace DropBox.Daemon.Tests.Intake;

/// <summary>The one real-time test: a writer that keeps its handle open, as sftp-server does.</summary>
public sealed class SlowUploadTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_file_written_a_chunk_a_second_is_claimed_only_after_the_last_chunk_and_handed_on_complete()
    {
        // Chunks 1 s apart against a 3 s quiet period: a loaded test machine can delay a chunk by a second or more
        // (CI once saw a false failure at 2 s), and a gap longer than the quiet period is, by design, a finished file.
        var options = new IntakeOptions { QuietPeriod = TimeSpan.FromSeconds(3), ClaimSettleDelay = TimeSpan.FromMilliseconds(500), IncompleteDeadline = TimeSpan.FromMinutes(1) };
        var inbox = _folder.Dir("root", "PKUHSC", "gpg");
        var zipPath = _folder.Combine("source.zip");
        TestFiles.Zip(zipPath, [("a.dcm", TestFiles.Part10(20_000)), ("b.dcm", TestFiles.Part10(30_000))]);
        var content = File.ReadAllBytes(zipPath);
        var scanner = new InboxScanner(TimeProvider.System);
        var claimer = new UploadClaimer(_folder.Combine("root", ".dropbox"), TimeProvider.System);
        var inspector = new ClaimedUploadInspector(options, TimeProvider.System, new CompletenessProbe());
        var chunks = 6;
        var chunkSize = (content.Length / chunks) + 1;
        var lastChunkWritten = false;

        var writer = Task.Run(async () =>
        {
            await using var stream = new FileStream(Path.Combine(inbox, "scan.zip"), FileMode.Create, FileAccess.Write, FileShare.ReadWrite);
            for (var offset = 0; offset < content.Length; offset += chunkSize)
            {
                stream.Write(content.AsSpan(offset, Math.Min(chunkSize, content.Length - offset)));
                stream.Flush();
                if (offset + chunkSize >= content.Length)
                {
                    // Flagged at once, not after a delay: a claim 3 s after the last write is the right outcome,
                    // and a late-running continuation must not make it look early.
                    Volatile.Write(ref lastChunkWritten, true);
                    break;
                }
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        });

        ClaimedUpload? claimed = null;
        var claimedBeforeWriterDone = false;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (claimed is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            var doneBeforeScan = Volatile.Read(ref lastChunkWritten);
            foreach (var candidate in scanner.Scan(inbox, options.QuietPeriod).Complete)
            {
                claimed = claimer.Claim("PKUHSC", candidate).Upload;
                claimedBeforeWriterDone = claimed is not null && !doneBeforeScan;
            }
        }

        await writer;
        Assert.NotNull(claimed);
        Assert.False(claimedBeforeWriterDone, "the file was claimed while the writer was still sending chunks");

        var inspection = inspector.Inspect(claimed);
        while (inspection.Status == InspectionStatus.Waiting && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            inspection = inspector.Inspect(claimed);
        }

        Assert.Equal(InspectionStatus.Ready, inspection.Status);
        Assert.Equal(content, File.ReadAllBytes(claimed.OriginalPath));
    }
}
