using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using DropBox.Daemon.Tests.Encrypt;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.EndToEnd;

/// <summary>
/// Issue 13 item 5: a stop (SIGTERM → the pass's token) reaches the step in flight, whatever the upload's size,
/// instead of letting the pass run to its end (about 45 s per GB); the journal resumes the upload at the next start.
/// </summary>
[Collection(GpgKeysCollection.Name)]
public sealed class PromptStopEndToEndTests(TestKeys keys) : IDisposable
{
    private const int Members = 1500;
    private readonly TempDir _dir = new("dbx-stop");

    public void Dispose() => _dir.Dispose();

    private string Root => _dir.Combine("root");
    private string Uploads => Path.Combine(Root, ".dropbox", "uploads");
    private string Outbox => Path.Combine(Root, "club_house", "From_S_To_R", "gpg-S");

    [ToolFact("gpg")]
    public async Task A_stop_during_a_large_zip_returns_at_once_leaves_no_partial_output_and_the_next_pass_publishes_it_exactly_once()
    {
        var daemon = Start();
        WriteLargeZip(Path.Combine(Root, "S", "gpg", "study.zip"));
        await Task.Delay(TimeSpan.FromSeconds(1.3));   // the quiet period
        using var stop = new CancellationTokenSource();

        // On a thread of its own, as the scheduler runs it: the pass is synchronous up to its first await.
        var pass = Task.Run(() => daemon.Work.ProcessAsync("p", stop.Token));
        await WaitUntilPackingAsync(pass);
        var clock = Stopwatch.StartNew();
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pass);
        var stoppedIn = clock.Elapsed;

        // A correctness bound, not a speed claim: without the token in the unpack/de-identify loops the pass would
        // run on through all members and leave its package behind (asserted below).
        Assert.True(stoppedIn < TimeSpan.FromSeconds(15), $"the pass took {stoppedIn} to stop");
        var upload = Assert.Single(Directory.GetDirectories(Uploads));
        Assert.Equal(["claim.json", "original"], Directory.GetFileSystemEntries(upload).Select(Path.GetFileName).Order());
        Assert.Empty(Directory.GetFileSystemEntries(Outbox));
        daemon.Dispose();
        var log = string.Concat(Directory.GetFiles(_dir.Combine("log"), "dropbox-*.log").Select(File.ReadAllText));
        Assert.Contains($"stop requested, the pass stopped mid-way; 1 upload(s) left for the next start: {Path.GetFileName(upload)}", log, StringComparison.Ordinal);

        // The next start resumes it from the journal.
        using var restarted = Start();
        var next = await restarted.Work.ProcessAsync("p", CancellationToken.None);

        Assert.Equal(1, next.Published);
        var published = Assert.Single(Directory.GetFiles(Outbox));
        Assert.Equal(Path.GetFileName(upload) + ".zip.gpg", Path.GetFileName(published));
        var plain = _dir.Combine("published.zip");
        GpgTool.RunOk(keys.Ed25519.Home, "--output", plain, "--decrypt", published);
        using (var zip = ZipFile.OpenRead(plain))
        {
            Assert.Equal(Members, zip.Entries.Count);
        }

        var audit = File.ReadAllLines(_dir.Combine("log", "audit.jsonl"));
        Assert.Single(audit, line => line.Contains("\"published\"", StringComparison.Ordinal) && line.Contains(Path.GetFileName(upload), StringComparison.Ordinal));
        Assert.Equal(0, (await restarted.Work.ProcessAsync("p", CancellationToken.None)).Published);
    }

    /// <summary>Returns once the pass is writing the package (members streamed from the claimed zip into gpg, whose
    /// ciphertext grows as &lt;id&gt;.zip.gpg.part: some are in, most are not) or has ended.</summary>
    private async Task WaitUntilPackingAsync(Task pass)
    {
        var deadline = Stopwatch.StartNew();
        while (!pass.IsCompleted && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            if (Directory.Exists(Uploads) && Directory.GetDirectories(Uploads)
                .Any(u => new FileInfo(Path.Combine(u, Path.GetFileName(u) + ".zip.gpg.part")) is { Exists: true, Length: > 0 }))
            {
                return;
            }

            await Task.Delay(5);
        }

        Assert.Fail("the pass never started writing its package");
    }

    /// <summary>A stored zip of <see cref="Members"/> copies of the sample MR image: large in members, cheap to make.</summary>
    private static void WriteLargeZip(string path)
    {
        var sample = File.ReadAllBytes(Path.Combine(RepoPaths.RepoRoot, "samples", "dicom", "sample-mr.dcm"));
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        for (var i = 0; i < Members; i++)
        {
            using var entry = zip.CreateEntry($"series/IM{i:00000}.dcm", CompressionLevel.NoCompression).Open();
            entry.Write(sample);
        }
    }

    private InProcessDaemon Start()
    {
        _dir.CreateDirectory("root", "S", "gpg");
        _dir.CreateDirectory("root", "club_house", "From_S_To_R", "gpg-S");
        return InProcessDaemon.Start(_dir, "p", new JsonObject
        {
            ["Root"] = Root,
            ["Direction"] = "From_S_To_R",
            ["Senders"] = new JsonArray("S"),
            ["ReceiverKeys"] = new JsonArray(keys.Ed25519.PublicKeyFile),
            ["Deidentify"] = new JsonObject { ["PseudonymFormat"] = "STOP-{0:0000}" },
            ["Intake"] = new JsonObject { ["QuietPeriod"] = "00:00:01", ["ClaimSettleDelay"] = "00:00:00" },
            ["Sync"] = new JsonObject { ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = _dir.CreateDirectory("far") } },
        });
    }
}
