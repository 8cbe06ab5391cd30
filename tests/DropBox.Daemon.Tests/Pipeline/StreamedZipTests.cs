using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text.Json.Nodes;
using DropBox.Daemon.Tests.EndToEnd;
using DropBox.Daemon.Tests.Encrypt;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Pipeline;

/// <summary>
/// Issue 13 item 1: a zip upload's members are read from the claimed zip, de-identified in memory and written into
/// straight into gpg, which encrypts them as they come: no unpacked copy and no plaintext package ever appears in the
/// upload's folder, only the ciphertext. A nested zip still goes through the unpacker.
/// </summary>
[Collection(GpgKeysCollection.Name)]
public sealed class StreamedZipTests(TestKeys keys) : IDisposable
{
    private const int Members = 40;
    private readonly TempDir _dir = new("dbx-stream");

    public void Dispose() => _dir.Dispose();

    private static string Sample => Path.Combine(RepoPaths.RepoRoot, "samples", "dicom", "sample-mr.dcm");

    [ToolFact("gpg")]
    public async Task A_zip_upload_is_deidentified_and_encrypted_without_any_plaintext_copy_on_disk()
    {
        var (daemon, inbox, outbox) = Project();
        using (daemon)
        {
            using (var zip = ZipFile.Open(Path.Combine(inbox, "study.zip"), ZipArchiveMode.Create))
            {
                for (var i = 0; i < Members; i++)
                {
                    zip.CreateEntryFromFile(Sample, $"series/IM{i:00000}.dcm", CompressionLevel.NoCompression);
                }
            }
            await Task.Delay(TimeSpan.FromSeconds(1.3));
            var uploads = _dir.CreateDirectory("root", ".dropbox", "uploads");
            var created = new ConcurrentBag<string>();
            using var watcher = new FileSystemWatcher(uploads) { IncludeSubdirectories = true, InternalBufferSize = 1 << 16 };
            watcher.Created += (_, e) => created.Add(Path.GetRelativePath(uploads, e.FullPath));
            watcher.Renamed += (_, e) => created.Add(Path.GetRelativePath(uploads, e.FullPath));
            watcher.EnableRaisingEvents = true;

            var pass = await daemon.Work.ProcessAsync("p", CancellationToken.None);
            await Task.Delay(200); // the watcher's last events

            Assert.Equal(1, pass.Published);
            var names = created.Select(p => p.Split(Path.DirectorySeparatorChar)).Where(s => s.Length > 1).Select(s => string.Join('/', s[1..])).ToList();
            // Only the ciphertext is written (under its temp name first); no package, no member ever lands in the folder.
            Assert.Contains(names, name => name.EndsWith(".zip.gpg.part", StringComparison.Ordinal));
            Assert.Contains(names, name => name.EndsWith(".zip.gpg", StringComparison.Ordinal));
            Assert.DoesNotContain(names, name => name.StartsWith("package", StringComparison.Ordinal));
            Assert.DoesNotContain(names, name => name is "in" or "out" || name.StartsWith("in/", StringComparison.Ordinal)
                || name.StartsWith("out/", StringComparison.Ordinal) || name.EndsWith(".dcm", StringComparison.Ordinal)
                || name.EndsWith(".partial", StringComparison.Ordinal) || name.StartsWith(".extracting", StringComparison.Ordinal));
            var entries = DecryptZipEntryNames(Assert.Single(Directory.GetFiles(outbox)));
            Assert.Equal(Members, entries.Count);
            Assert.Equal(Members, entries.Distinct(StringComparer.Ordinal).Count());
            Assert.All(entries, e => Assert.DoesNotContain("IM0", e, StringComparison.Ordinal));
        }
    }

    [ToolFact("gpg")]
    public async Task A_zip_holding_a_nested_zip_still_goes_through_the_unpacker_and_every_member_is_published()
    {
        var (daemon, inbox, outbox) = Project();
        using (daemon)
        {
            var inner = _dir.Combine("inner.zip");
            using (var zip = ZipFile.Open(inner, ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(Sample, "deep/IM1.dcm", CompressionLevel.NoCompression);
            }
            using (var zip = ZipFile.Open(Path.Combine(inbox, "study.zip"), ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(Sample, "IM0.dcm", CompressionLevel.NoCompression);
                zip.CreateEntryFromFile(inner, "more.zip", CompressionLevel.NoCompression);
            }
            await Task.Delay(TimeSpan.FromSeconds(1.3));

            var pass = await daemon.Work.ProcessAsync("p", CancellationToken.None);

            Assert.Equal(1, pass.Published);
            Assert.Equal(0, pass.Quarantined);
            Assert.Equal(2, DecryptZipEntryNames(Assert.Single(Directory.GetFiles(outbox))).Count);
        }
    }

    private (InProcessDaemon Daemon, string Inbox, string Outbox) Project()
    {
        var inbox = _dir.CreateDirectory("root", "S", "gpg");
        var outbox = _dir.CreateDirectory("root", "club_house", "From_S_To_R", "gpg-S");
        var daemon = InProcessDaemon.Start(_dir, "p", new JsonObject
        {
            ["Root"] = _dir.Combine("root"),
            ["Direction"] = "From_S_To_R",
            ["Senders"] = new JsonArray("S"),
            ["ReceiverKeys"] = new JsonArray(keys.Ed25519.PublicKeyFile),
            ["Deidentify"] = new JsonObject { ["PseudonymFormat"] = "STREAM-{0:0000}" },
            ["Intake"] = new JsonObject { ["QuietPeriod"] = "00:00:01", ["ClaimSettleDelay"] = "00:00:00" },
            ["Sync"] = new JsonObject { ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = _dir.CreateDirectory("far") } },
        });
        return (daemon, inbox, outbox);
    }

    private List<string> DecryptZipEntryNames(string gpgFile)
    {
        var plain = _dir.Combine(Path.GetFileName(gpgFile) + ".zip");
        GpgTool.RunOk(keys.Ed25519.Home, "--output", plain, "--decrypt", gpgFile);
        using var zip = ZipFile.OpenRead(plain);
        return zip.Entries.Select(e => e.FullName).ToList();
    }
}
