using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using DropBox.Daemon.Tests.EndToEnd;
using DropBox.Daemon.Tests.Encrypt;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Pipeline;

/// <summary>A pass moves its whole batch through each state together (group commit), prepares loose uploads side by
/// side and publishes by rename: every upload still ends once, with its own content, audited once per step.</summary>
[Collection(GpgKeysCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BatchedPassTests(TestKeys keys) : IDisposable
{
    private const int Loose = 7;
    private readonly TempDir _dir = new("dbx-batched");

    public void Dispose() => _dir.Dispose();

    [ToolFact("gpg")]
    public async Task Loose_uploads_prepared_side_by_side_and_archives_one_at_a_time_each_end_once_in_the_outbox_with_nothing_left_behind()
    {
        var inbox = _dir.CreateDirectory("root", "S", "gpg");
        var outbox = _dir.CreateDirectory("root", "club_house", "From_S_To_R", "gpg-S");
        var sample = Path.Combine(RepoPaths.RepoRoot, "samples", "dicom", "sample-mr.dcm");
        for (var i = 0; i < Loose; i++)
        {
            File.Copy(sample, Path.Combine(inbox, $"slice{i}.dcm"));
        }
        foreach (var name in new[] { "one.zip", "two.zip" })
        {
            using var zip = ZipFile.Open(Path.Combine(inbox, name), ZipArchiveMode.Create);
            zip.CreateEntryFromFile(sample, "a/1.dcm");
            zip.CreateEntryFromFile(Path.Combine(RepoPaths.RepoRoot, "samples", "dicom", "sample-mr-implicit-small.dcm"), "a/2.dcm");
        }
        await Task.Delay(TimeSpan.FromSeconds(1.3));
        using var daemon = InProcessDaemon.Start(_dir, "p", new JsonObject
        {
            ["Root"] = _dir.Combine("root"),
            ["Direction"] = "From_S_To_R",
            ["Senders"] = new JsonArray("S"),
            ["ReceiverKeys"] = new JsonArray(keys.Ed25519.PublicKeyFile),
            ["Deidentify"] = new JsonObject { ["PseudonymFormat"] = "SAMPLE-{0:0000}" },
            ["Intake"] = new JsonObject { ["QuietPeriod"] = "00:00:01", ["ClaimSettleDelay"] = "00:00:00" },
            ["Outbox"] = new JsonObject { ["FileMode"] = "0640" },
            ["Sync"] = new JsonObject { ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = _dir.CreateDirectory("far") } },
        });

        var pass = await daemon.Work.ProcessAsync("p", CancellationToken.None);

        Assert.Equal((Loose + 2, 0, false), (pass.Published, pass.Quarantined, pass.Failed));
        var published = Directory.GetFileSystemEntries(outbox);
        Assert.Equal(Loose, published.Count(f => f.EndsWith(".dcm.gpg", StringComparison.Ordinal)));
        Assert.Equal(2, published.Count(f => f.EndsWith(".zip.gpg", StringComparison.Ordinal)));
        Assert.All(published, f => Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(f)));
        Assert.Empty(Directory.GetFileSystemEntries(inbox));
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Combine("root", ".dropbox", "uploads")));
        var plain = _dir.Combine("one.dcm");
        GpgTool.RunOk(keys.Ed25519.Home, "--output", plain, "--decrypt", published.First(f => f.EndsWith(".dcm.gpg", StringComparison.Ordinal)));
        Assert.Equal("DICM"u8.ToArray(), File.ReadAllBytes(plain).AsSpan(128, 4).ToArray());

        var audit = File.ReadAllLines(_dir.Combine("log", "audit.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        foreach (var step in new[] { "claimed", "deidentified", "published" })
        {
            var ids = audit.Where(a => a.GetProperty("event").GetString() == step).Select(a => a.GetProperty("uploadId").GetString()).ToList();
            Assert.Equal(Loose + 2, ids.Distinct().Count());
            Assert.Equal(Loose + 2, ids.Count);
        }
        var outputs = audit.Where(a => a.GetProperty("event").GetString() == "published").Select(a => a.GetProperty("outputName").GetString()!);
        Assert.Equal(published.Select(Path.GetFileName).Order(StringComparer.Ordinal), outputs.Order(StringComparer.Ordinal));
    }
}
