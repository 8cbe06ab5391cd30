using System.IO.Compression;
using System.Text.Json.Nodes;
using DropBox.Daemon.Tests.EndToEnd;
using DropBox.Daemon.Tests.Encrypt;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Pipeline;

/// <summary>Unpack.AllowNonDicom: non-DICOM files are quarantined by default; a project may let them through unchanged.</summary>
[Collection(GpgKeysCollection.Name)]
public sealed class NonDicomUploadTests(TestKeys keys) : IDisposable
{
    private const string Note = "site note: scanner protocol v2, no patient data";
    private readonly TempDir _dir = new("dbx-nondicom");

    public void Dispose() => _dir.Dispose();

    [ToolFact("gpg")]
    public async Task By_default_a_non_DICOM_archive_member_is_quarantined_and_the_rest_of_the_archive_goes_through()
    {
        var (daemon, inbox, outbox) = Project(allowNonDicom: false);
        using (daemon)
        {
            WriteZip(Path.Combine(inbox, "study.zip"));
            await Task.Delay(TimeSpan.FromSeconds(1.3));

            var pass = await daemon.Work.ProcessAsync("p", CancellationToken.None);

            Assert.Equal(1, pass.Published);
            var entries = DecryptZipEntries(Assert.Single(Directory.GetFiles(outbox)));
            Assert.Single(entries);
            Assert.DoesNotContain(entries.Keys, name => name.StartsWith("other/", StringComparison.Ordinal));
            var reason = Assert.Single(Directory.GetFiles(_dir.Combine("root", ".dropbox", "quarantine"), "reason.json", SearchOption.AllDirectories));
            Assert.Contains("\"not-dicom\"", File.ReadAllText(reason), StringComparison.Ordinal);
        }
    }

    [ToolFact("gpg")]
    public async Task With_AllowNonDicom_a_non_DICOM_member_and_a_loose_non_DICOM_file_are_forwarded_unchanged_and_encrypted()
    {
        var (daemon, inbox, outbox) = Project(allowNonDicom: true);
        using (daemon)
        {
            WriteZip(Path.Combine(inbox, "study.zip"));
            File.WriteAllText(Path.Combine(inbox, "protocol.txt"), Note + new string('.', 200));
            await Task.Delay(TimeSpan.FromSeconds(1.3));

            var pass = await daemon.Work.ProcessAsync("p", CancellationToken.None);

            Assert.Equal(2, pass.Published);
            var zip = Assert.Single(Directory.GetFiles(outbox, "*.zip.gpg"));
            var entries = DecryptZipEntries(zip);
            Assert.Equal(2, entries.Count);
            Assert.Equal(Note, entries.Single(e => e.Key.StartsWith("other/", StringComparison.Ordinal)).Value);
            var loose = Assert.Single(Directory.GetFiles(outbox, "*.bin.gpg"));
            Assert.StartsWith(Note, GpgTool.RunOk(keys.Ed25519.Home, "--decrypt", loose), StringComparison.Ordinal);
            Assert.False(Directory.Exists(_dir.Combine("root", ".dropbox", "quarantine"))
                && Directory.GetFiles(_dir.Combine("root", ".dropbox", "quarantine"), "*", SearchOption.AllDirectories).Length > 0);
        }
    }

    private (InProcessDaemon Daemon, string Inbox, string Outbox) Project(bool allowNonDicom)
    {
        var inbox = _dir.CreateDirectory("root", "S", "gpg");
        var outbox = _dir.CreateDirectory("root", "club_house", "From_S_To_R", "gpg-S");
        var daemon = InProcessDaemon.Start(_dir, "p", new JsonObject
        {
            ["Root"] = _dir.Combine("root"),
            ["Direction"] = "From_S_To_R",
            ["Senders"] = new JsonArray("S"),
            ["ReceiverKeys"] = new JsonArray(keys.Ed25519.PublicKeyFile),
            ["Deidentify"] = new JsonObject { ["PseudonymFormat"] = "SAMPLE-{0:0000}" },
            ["Intake"] = new JsonObject { ["QuietPeriod"] = "00:00:01", ["ClaimSettleDelay"] = "00:00:00" },
            ["Unpack"] = new JsonObject { ["AllowNonDicom"] = allowNonDicom },
            ["Sync"] = new JsonObject { ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = _dir.CreateDirectory("far") } },
        });
        return (daemon, inbox, outbox);
    }

    private static void WriteZip(string path)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        zip.CreateEntryFromFile(Path.Combine(RepoPaths.RepoRoot, "samples", "dicom", "sample-mr.dcm"), "a/slice1.dcm");
        using var writer = new StreamWriter(zip.CreateEntry("a/readme.txt").Open());
        writer.Write(Note);
    }

    private Dictionary<string, string> DecryptZipEntries(string gpgFile)
    {
        var plain = _dir.Combine(Path.GetFileName(gpgFile) + ".zip");
        GpgTool.RunOk(keys.Ed25519.Home, "--output", plain, "--decrypt", gpgFile);
        using var zip = ZipFile.OpenRead(plain);
        return zip.Entries.ToDictionary(e => e.FullName, e =>
        {
            using var reader = new StreamReader(e.Open());
            return reader.ReadToEnd();
        });
    }
}
