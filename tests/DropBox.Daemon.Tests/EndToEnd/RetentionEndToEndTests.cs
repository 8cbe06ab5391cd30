using System.Text.Json.Nodes;
using DropBox.Daemon.Tests.Encrypt;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.EndToEnd;

/// <summary>KeepOriginalsFor: the claimed original (PHI) stays in the private work area for that long, then goes.</summary>
[Collection(GpgKeysCollection.Name)]
public sealed class RetentionEndToEndTests(TestKeys keys) : IDisposable
{
    private readonly TempDir _dir = new("dbx-e2e-keep");

    public void Dispose() => _dir.Dispose();

    [CorpusFact("gpg")]
    public async Task A_kept_original_is_removed_from_the_work_area_once_its_retention_has_passed()
    {
        var root = _dir.Combine("ji_keep");
        var inbox = _dir.CreateDirectory("ji_keep", "S", "gpg");
        var outbox = _dir.CreateDirectory("ji_keep", "club_house", "From_S_To_UM", "gpg-S");
        using var daemon = InProcessDaemon.Start(_dir, "keep", new JsonObject
        {
            ["Root"] = root,
            ["Direction"] = "From_S_To_UM",
            ["Senders"] = new JsonArray("S"),
            ["ReceiverKeys"] = new JsonArray(keys.Ed25519.PublicKeyFile),
            ["KeepOriginalsFor"] = "00:00:02",
            ["Intake"] = new JsonObject { ["QuietPeriod"] = "00:00:01", ["ClaimSettleDelay"] = "00:00:00" },
            ["Sync"] = new JsonObject { ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = _dir.CreateDirectory("far") } },
        });
        var work = daemon.Work;
        var uploads = Path.Combine(root, ".dropbox", "uploads");

        File.Copy(RepoPaths.CorpusFile("synthetic/syn05_private_tags_phi_evrle.dcm"), Path.Combine(inbox, "scan.dcm"));
        await Task.Delay(TimeSpan.FromSeconds(1.3));
        Assert.Equal(1, (await work.ProcessAsync("keep", CancellationToken.None)).Published);
        Assert.Single(Directory.GetFiles(outbox));
        var kept = Assert.Single(Directory.GetDirectories(uploads));
        Assert.True(File.Exists(Path.Combine(kept, "original")), "the original is kept during its retention");

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.False((await work.ProcessAsync("keep", CancellationToken.None)).Failed);

        Assert.Empty(Directory.GetFileSystemEntries(uploads));
        Assert.Single(Directory.GetFiles(outbox));
    }
}
