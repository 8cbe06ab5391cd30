using System.Text.Json.Nodes;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Tests.Encrypt;
using DropBox.Daemon.Tests.Sync;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.EndToEnd;

/// <summary>
/// The daemon's own sync job (<c>DaemonWork.SyncAsync</c>, what the schedule and <c>dropbox sync</c> run): its
/// published ciphertext travels unread (the upload journal vouches for it), plain DICOM dropped beside it does not.
/// </summary>
[Collection(GpgKeysCollection.Name)]
public sealed class PlainFileGuardEndToEndTests(TestKeys keys) : IDisposable
{
    private readonly TempDir _dir = new("dbx-e2e-guard");

    public void Dispose() => _dir.Dispose();

    [CorpusFact("gpg")]
    public async Task The_sync_job_sends_the_published_ciphertext_pdf_and_text_and_quarantines_plain_dicom_dropped_in_club_house()
    {
        var root = _dir.Combine("ji_guard");
        var inbox = _dir.CreateDirectory("ji_guard", "S", "gpg");
        var clubHouse = _dir.CreateDirectory("ji_guard", "club_house", "From_S_To_UM");
        var outbox = _dir.CreateDirectory("ji_guard", "club_house", "From_S_To_UM", "gpg-S");
        var far = _dir.CreateDirectory("far");
        using var daemon = InProcessDaemon.Start(_dir, "guard", new JsonObject
        {
            ["Root"] = root,
            ["Direction"] = "From_S_To_UM",
            ["Senders"] = new JsonArray("S"),
            ["ReceiverKeys"] = new JsonArray(keys.Ed25519.PublicKeyFile),
            ["Intake"] = new JsonObject { ["QuietPeriod"] = "00:00:01", ["ClaimSettleDelay"] = "00:00:00" },
            ["Sync"] = new JsonObject
            {
                ["QuietPeriod"] = "00:00:00",
                ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = far },
            },
        });
        File.Copy(RepoPaths.CorpusFile("synthetic/syn05_private_tags_phi_evrle.dcm"), Path.Combine(inbox, "scan.dcm"));
        await Task.Delay(TimeSpan.FromSeconds(1.3));
        Assert.Equal(1, (await daemon.Work.ProcessAsync("guard", CancellationToken.None)).Published);
        var published = Path.GetFileName(Assert.Single(Directory.GetFiles(outbox)));
        File.WriteAllBytes(Path.Combine(clubHouse, "notes.dcm"), PlainFiles.Part10Dicom());
        File.WriteAllBytes(Path.Combine(clubHouse, "scans.zip"), PlainFiles.Zip(("IM0001", PlainFiles.Part10Dicom()), ("IM0002", PlainFiles.Part10Dicom())));
        File.WriteAllBytes(Path.Combine(outbox, "looks-like-ours.zip.gpg"), PlainFiles.Part10Dicom());
        File.WriteAllBytes(Path.Combine(clubHouse, "minutes.pdf"), PlainFiles.Pdf());
        File.WriteAllBytes(Path.Combine(clubHouse, "readme.txt"), PlainFiles.Text());

        var run = await daemon.Work.SyncAsync("guard", CancellationToken.None);

        Assert.False(run.Failed, run.Summary);
        Assert.Contains("3 held in quarantine", run.Summary, StringComparison.Ordinal);
        var arrived = SyncTestBed.Tree(far).Keys.Where(k => !SyncAssert.IsManifest(k)).Order(StringComparer.Ordinal);
        Assert.Equal(new[] { $"gpg-S/{published}", "minutes.pdf", "readme.txt" }.Order(StringComparer.Ordinal), arrived);
        var items = new QuarantineStore(Path.Combine(root, ".dropbox"), TimeProvider.System).List();
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal(ReasonCatalog.PlainDicomInClubHouse, i.Code));
        Assert.Equal(["S", "club_house", "club_house"], items.Select(i => i.Sender).Order(StringComparer.Ordinal));
    }
}
