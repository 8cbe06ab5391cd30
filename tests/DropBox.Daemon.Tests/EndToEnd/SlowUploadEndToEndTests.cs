using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DropBox.Daemon.Hosting;
using DropBox.Daemon.Tests.Encrypt;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.EndToEnd;

/// <summary>
/// The daemon's own passes (<see cref="DaemonWork"/>, as the scheduled job runs them) against uploads that are
/// still arriving: a DICOM file written a chunk at a time for longer than the quiet period, and a zip whose
/// sender stopped halfway. Real gpg, real files, real time (the quiet period counts from ctime, so it cannot
/// be faked with a clock).
/// </summary>
[Collection(GpgKeysCollection.Name)]
public sealed class SlowUploadEndToEndTests(TestKeys keys) : IDisposable
{
    private const string Sender = "SLOW";
    private readonly TempDir _dir = new("dbx-e2e-slow");

    public void Dispose() => _dir.Dispose();

    private string Root => _dir.Combine("ji_slow");
    private string Inbox => Path.Combine(Root, Sender, "gpg");
    private string Outbox => Path.Combine(Root, "club_house", "From_SLOW_To_UM", "gpg-" + Sender);

    [CorpusFact("gpg", "dcmdump", "pydicom")]
    public async Task A_file_written_slowly_is_claimed_only_when_done_and_comes_out_whole_while_a_half_zip_and_an_image_without_its_pixel_data_are_quarantined_after_the_deadline()
    {
        using var daemon = InProcessDaemon.Start(_dir, "slow", Project());
        var work = daemon.Work;

        // The first half of a valid zip: its central directory never arrives.
        var zipBytes = SeriesZip();
        var halfZip = zipBytes[..(zipBytes.Length / 2)];
        await File.WriteAllBytesAsync(Path.Combine(Inbox, "half.zip"), halfZip);

        // A DICOM image whose writer stopped between the header and the pixel data: it parses to its end, but
        // it is not whole (an exporter writing straight into the inbox stalls exactly there).
        var image = await File.ReadAllBytesAsync(RepoPaths.CorpusFile("synthetic/mr_series_01/IM0001.dcm"));
        var headerOnly = image[..PixelDataOffset(image)];
        await File.WriteAllBytesAsync(Path.Combine(Inbox, "header-only.dcm"), headerOnly);

        // A multi-frame DICOM file arriving in chunks every 0.5 s for ~4 s (twice the quiet period).
        var source = RepoPaths.CorpusFile("synthetic/syn14_enhanced_mr_multiframe_phi.dcm");
        var slowPath = Path.Combine(Inbox, "slow.dcm");
        var writer = WriteSlowlyAsync(File.ReadAllBytes(source), slowPath, chunks: 8, gap: TimeSpan.FromMilliseconds(500));

        while (!writer.IsCompleted)
        {
            var pass = await work.ProcessAsync("slow", CancellationToken.None);
            Assert.False(pass.Failed);
            Assert.Empty(Directory.GetFiles(Outbox));
            Assert.True(File.Exists(slowPath), "the file being written was claimed before it was complete");
            await Task.Delay(300);
        }
        await writer;

        // Now quiet: the next passes claim it; the half zip runs into its deadline.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Directory.GetFiles(Outbox).Length == 0 || Quarantined().Count < 2)
        {
            Assert.True(DateTime.UtcNow < deadline, "nothing published or quarantined within a minute");
            await Task.Delay(500);
            Assert.False((await work.ProcessAsync("slow", CancellationToken.None)).Failed);
        }

        var output = Assert.Single(Directory.GetFiles(Outbox));
        Assert.EndsWith(".dcm.gpg", output, StringComparison.Ordinal);
        var plain = _dir.Combine("plain.dcm");
        GpgTool.RunOk(keys.Ed25519.Home, "--output", plain, "--decrypt", output);
        var check = Dcmdump.Check(plain);
        Assert.True(check.IsClean, check.ToString());
        var pixels = PixelCompare.Run(source, plain);
        Assert.True(pixels.ExitCode == 0, "every frame's pixel bytes arrived: " + pixels.StdOut + pixels.Describe());
        var frames = Dcmdump.Elements(plain).First(e => e.TagPath == "(0028,0008)").Value;
        Assert.Equal(Dcmdump.Elements(source).First(e => e.TagPath == "(0028,0008)").Value, frames);

        var items = Quarantined();
        Assert.Equal(2, items.Count);
        Assert.All(items, item => Assert.Equal("incomplete-upload", (string)item["code"]!));
        Assert.Equal(new[] { halfZip, headerOnly }.Select(b => Convert.ToHexStringLower(SHA256.HashData(b))).Order(),
            items.Select(i => (string)i["sha256"]!).Order());
        Assert.All(items, item => Assert.DoesNotContain("half", item.ToJsonString(), StringComparison.OrdinalIgnoreCase));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Inbox));
    }

    [CorpusFact("gpg", "dcmdump", "pydicom")]
    public async Task A_client_that_stalls_longer_than_the_quiet_period_mid_upload_keeps_its_half_file_in_the_inbox_and_has_the_whole_file_processed()
    {
        // The quiet period is shorter than the stall, so the half file is quiet; its content (a DICOM file that does
        // not parse to its end) is not whole, so it stays in the inbox, where the client goes on writing (or
        // resumes). It must not be processed half, and the finished file must come out whole. (A writer that goes
        // on appending to a file after its claim is ClaimedUploadInspectorTests' case.)
        using var daemon = InProcessDaemon.Start(_dir, "slow", Project(quiet: "00:00:01", settle: "00:00:01"));
        var work = daemon.Work;
        var source = RepoPaths.CorpusFile("synthetic/syn14_enhanced_mr_multiframe_phi.dcm");
        var content = await File.ReadAllBytesAsync(source);
        var path = Path.Combine(Inbox, "stalled.dcm");

        await using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete))
        {
            await stream.WriteAsync(content.AsMemory(0, content.Length / 2));
            await stream.FlushAsync();
            await Task.Delay(TimeSpan.FromSeconds(1.5));
            var during = await work.ProcessAsync("slow", CancellationToken.None);
            Assert.False(during.Failed);
            Assert.True(File.Exists(path), "the stalled half file stays in the inbox for its sender (its content is incomplete)");
            Assert.Empty(Directory.GetFiles(Outbox));
            Assert.Empty(Quarantined());

            await stream.WriteAsync(content.AsMemory(content.Length / 2));
            await stream.FlushAsync();
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (Directory.GetFiles(Outbox).Length == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the finished upload was not published within a minute");
            await Task.Delay(500);
            Assert.False((await work.ProcessAsync("slow", CancellationToken.None)).Failed);
        }
        var plain = _dir.Combine("stalled-plain.dcm");
        GpgTool.RunOk(keys.Ed25519.Home, "--output", plain, "--decrypt", Assert.Single(Directory.GetFiles(Outbox)));
        Assert.True(Dcmdump.Check(plain).IsClean, Dcmdump.Check(plain).ToString());
        var pixels = PixelCompare.Run(source, plain);
        Assert.True(pixels.ExitCode == 0, "every frame's pixel bytes arrived: " + pixels.StdOut + pixels.Describe());
        Assert.Empty(Quarantined());
    }

    private static async Task WriteSlowlyAsync(byte[] content, string path, int chunks, TimeSpan gap)
    {
        // One open handle for the whole upload, as an SFTP server holds it.
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        var size = (content.Length + chunks - 1) / chunks;
        for (var offset = 0; offset < content.Length; offset += size)
        {
            await stream.WriteAsync(content.AsMemory(offset, Math.Min(size, content.Length - offset)));
            await stream.FlushAsync();
            if (offset + size < content.Length)
            {
                await Task.Delay(gap);
            }
        }
    }

    /// <summary>Where the last (7FE0,0010) Pixel Data element starts (little endian tag bytes).</summary>
    private static int PixelDataOffset(byte[] file)
    {
        var offset = file.AsSpan().LastIndexOf(new byte[] { 0xE0, 0x7F, 0x10, 0x00 });
        Assert.True(offset > 132, "the image has a Pixel Data element");
        return offset;
    }

    private List<JsonObject> Quarantined()
    {
        var folder = Path.Combine(Root, ".dropbox", "quarantine", Sender);
        return !Directory.Exists(folder) ? [] :
            Directory.GetDirectories(folder).Select(d => JsonNode.Parse(File.ReadAllText(Path.Combine(d, "reason.json")))!.AsObject()).ToList();
    }

    private static byte[] SeriesZip()
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.GetFiles(RepoPaths.CorpusFile("synthetic/mr_series_01"), "*.dcm").Order(StringComparer.Ordinal).Take(4))
            {
                zip.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.NoCompression);
            }
        }
        return memory.ToArray();
    }

    private JsonObject Project(string quiet = "00:00:02", string settle = "00:00:00")
    {
        Directory.CreateDirectory(Inbox);
        Directory.CreateDirectory(Outbox);
        var project = new JsonObject
        {
            ["Root"] = Root,
            ["Direction"] = "From_SLOW_To_UM",
            ["Senders"] = new JsonArray(Sender),
            ["ReceiverKeys"] = new JsonArray(keys.Ed25519.PublicKeyFile),
            // Chunks arrive every 0.5 s: a 2 s quiet period leaves a wide margin on a loaded machine.
            ["Intake"] = new JsonObject { ["QuietPeriod"] = quiet, ["ClaimSettleDelay"] = settle, ["IncompleteDeadline"] = "00:00:03" },
            ["Sync"] = new JsonObject { ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = _dir.CreateDirectory("far") } },
        };
        return project;
    }
}
