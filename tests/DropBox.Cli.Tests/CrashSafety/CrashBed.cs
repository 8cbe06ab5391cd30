using System.IO.Compression;
using System.Text.Json;
using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>
/// One throwaway DropBox installation in a temp folder for the crash-safety tests: a config with one project
/// (senders SITEA and SITEB, the TEST-ONLY receiver key), five uploads in the inboxes, and the checks that must
/// hold once every upload has finished, however often the daemon was killed on the way.
/// </summary>
/// <remarks>
/// The uploads: two loose DICOM files (SITEA), a zip of three DICOM files and a zip of two DICOM files plus a
/// text file (SITEB), and a text file (SITEA). Expected end: four ciphertexts in the outboxes, the text upload
/// quarantined whole, the zip's text member quarantined on its own: each exactly once.
/// </remarks>
internal sealed class CrashBed : IDisposable
{
    public const string Project = "crash";
    public const string Direction = "From_SITEA_To_SITEB";
    private static readonly Lazy<string> SampleCache = new(MakeSamples, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly TempDir _temp = new("dropbox-crash");

    /// <param name="incompleteDeadline">How long an incomplete upload is held (default 10 minutes: never within a test).</param>
    public CrashBed(TimeSpan? incompleteDeadline = null)
    {
        Receiver = new TestReceiver(_temp);
        Root = _temp.CreateDirectory("ji_crash");
        foreach (var sender in new[] { "SITEA", "SITEB" })
        {
            Directory.CreateDirectory(Inbox(sender));
            Directory.CreateDirectory(Outbox(sender));
        }
        Directory.CreateDirectory(_temp.Combine("far"));
        ConfigPath = _temp.Combine("appsettings.json");
        File.WriteAllText(ConfigPath, JsonSerializer.Serialize(new
        {
            DropBox = new
            {
                StateDirectory = "state",
                LogDirectory = "log",
                LogLevel = "Information",
                Projects = new Dictionary<string, object>
                {
                    [Project] = new
                    {
                        Root,
                        Direction,
                        Senders = new[] { "SITEA", "SITEB" },
                        ReceiverKeys = new[] { Path.Combine(RepoPaths.RepoRoot, "samples", "keys", "TEST-ONLY-receiver.pub.asc") },
                        // As the bundled sample project: the generator names its invented patient SAMPLE^PATIENT and
                        // keeps "SAMPLE" in descriptions, so another pseudonym prefix makes the verifier see the name again.
                        Deidentify = new
                        {
                            Options = new[] { "RetainLongitudinalModifiedDates" },
                            Fields = new object[] { new { Attribute = "StudyDescription", Action = "keep" }, new { Attribute = "InstitutionName", Action = "remove" } },
                            PseudonymFormat = "SAMPLE-{0:0000}",
                        },
                        Intake = new { QuietPeriod = "00:00:01", ClaimSettleDelay = "00:00:00", PollInterval = "00:00:01", IncompleteDeadline = (incompleteDeadline ?? TimeSpan.FromMinutes(10)).ToString("c", System.Globalization.CultureInfo.InvariantCulture) },
                        Sync = new { Schedule = "0 0 0 1 1 ? 2099", QuietPeriod = "00:00:00", Target = new { Type = "local", Directory = _temp.Combine("far") } },
                    },
                },
            },
        }));
    }

    public string Root { get; }

    /// <summary>The receiving site, to open the outbox's ciphertexts.</summary>
    public TestReceiver Receiver { get; }

    /// <summary>A scratch folder inside the bed (not created), deleted with it.</summary>
    public string Scratch(params string[] parts) => _temp.Combine(["scratch", .. parts]);

    public string ConfigPath { get; }

    public string WorkDirectory => Path.Combine(Root, ".dropbox");

    public string JournalPath => _temp.Combine("state", "journal.db");

    public string Inbox(string sender) => Path.Combine(Root, sender, "gpg");

    public string Outbox(string sender) => Path.Combine(Root, "club_house", Direction, "gpg-" + sender);

    /// <summary>Drops the five uploads, dated a minute back so the quiet period has passed.</summary>
    public void DropUploads()
    {
        var samples = SampleCache.Value;
        string Sample(int seed) => Path.Combine(samples, $"s{seed}.dcm");
        File.Copy(Sample(1), Path.Combine(Inbox("SITEA"), "PATIENT_ONE.dcm"));
        File.Copy(Sample(2), Path.Combine(Inbox("SITEA"), "PATIENT_TWO.dcm"));
        // Longer than the sniffer's head, else a short unknown file waits out IncompleteDeadline as possibly partial.
        File.WriteAllText(Path.Combine(Inbox("SITEA"), "notes.txt"), string.Concat(Enumerable.Repeat("not a DICOM file, just a note\n", 20)));
        Zip(Path.Combine(Inbox("SITEB"), "series.zip"), [("a/1.dcm", Sample(3)), ("a/2.dcm", Sample(4)), ("a/3.dcm", Sample(5))]);
        Zip(Path.Combine(Inbox("SITEB"), "mixed.zip"), [("b/1.dcm", Sample(6)), ("b/readme.txt", null), ("b/2.dcm", Sample(7))]);
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(-1));
        }
        // The quiet period also counts from ctime, which cannot be set: let 1 s pass.
        Thread.Sleep(TimeSpan.FromSeconds(1.2));
    }

    /// <summary>Drops one zip holding only two text files: both members go to quarantine, nothing is published.</summary>
    public void DropNotesOnlyZip()
    {
        Zip(Path.Combine(Inbox("SITEB"), "notes.zip"), [("n/1.txt", null), ("n/2.txt", null)]);
        File.SetLastWriteTimeUtc(Path.Combine(Inbox("SITEB"), "notes.zip"), DateTime.UtcNow.AddMinutes(-1));
        Thread.Sleep(TimeSpan.FromSeconds(1.2));
    }

    /// <summary><c>dropbox once --no-sync</c>, optionally with the crash seam armed.</summary>
    public ProcessResult Once(string? crashAt = null) =>
        DropBoxCli.Run(["once", "--config", ConfigPath, "--no-sync"], TimeSpan.FromSeconds(90),
            env: new Dictionary<string, string?> { ["DROPBOX_TEST_CRASH_AT"] = crashAt });

    /// <summary>A process result for assertion messages: exit code, stderr and the tail of stdout (the log).</summary>
    public static string Show(ProcessResult result) =>
        result.Describe() + "\nstdout (tail):\n" + (result.StdOut.Length > 4000 ? "…" + result.StdOut[^4000..] : result.StdOut);

    /// <summary>Rows of the journal: id, sender, state, output name, files quarantined.</summary>
    public IReadOnlyList<JournalRow> Journal()
    {
        var result = ProcessRunner.Run("sqlite3", ["-separator", "|", JournalPath,
            "SELECT id, sender, state, IFNULL(output_name,''), files_published, files_quarantined FROM uploads ORDER BY id"]);
        Assert.True(result.ExitCode == 0, result.Describe());
        return result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('|'))
            .Select(p => new JournalRow(p[0], p[1], p[2], p[3], int.Parse(p[4], System.Globalization.CultureInfo.InvariantCulture), int.Parse(p[5], System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    /// <summary>Every quarantine item: (sender, item folder, reason.json).</summary>
    /// <param name="allowKnownKillLeftovers">Tolerates an item folder holding only reason.json's temp file (<see cref="KillLeftovers"/>).</param>
    public IReadOnlyList<(string Sender, string Directory, JsonElement Reason)> QuarantineItems(bool allowKnownKillLeftovers = false)
    {
        var root = Path.Combine(WorkDirectory, "quarantine");
        if (!Directory.Exists(root))
        {
            return [];
        }
        var folders = Directory.EnumerateDirectories(root)
            .SelectMany(s => Directory.EnumerateDirectories(s).Select(i => (Sender: Path.GetFileName(s), Directory: i)))
            .ToList();
        // An item folder without reason.json is what a kill inside QuarantineStore.Put (between mkdir and the
        // reason) leaves: acceptable only while it holds nothing at all.
        var unexplained = folders.Where(f => !File.Exists(Path.Combine(f.Directory, "reason.json"))).ToList();
        foreach (var (_, directory) in unexplained)
        {
            var inside = Directory.GetFileSystemEntries(directory);
            Assert.True(inside.Length == 0 || (allowKnownKillLeftovers && KillLeftovers.IsAbandonedFolder(directory)), $"quarantine folder {directory} has no reason.json but holds: {string.Join(", ", inside.Select(Path.GetFileName))}");
        }
        return folders.Except(unexplained)
            .Select(x => (x.Sender, x.Directory, JsonDocument.Parse(File.ReadAllText(Path.Combine(x.Directory, "reason.json"))).RootElement.Clone()))
            .ToList();
    }

    /// <summary>True when the journal says every one of the five uploads has finished.</summary>
    public bool AllFinished()
    {
        var result = ProcessRunner.Run("sqlite3", [JournalPath, "SELECT count(*) FROM uploads WHERE state IN ('Done','Quarantined')"]);
        if (result.ExitCode != 0)
        {
            return false;   // the journal may not exist yet, or be busy for a moment: look again
        }
        var rows = Journal();
        return rows.Count == 5 && rows.All(r => r.State is "Done" or "Quarantined");
    }

    /// <summary>
    /// The end state every crash must still reach: each upload exactly once in the outbox or quarantine, the
    /// journal agreeing, every ciphertext opening to DICOM that dcmdump reads, and no plaintext anywhere under
    /// the project root outside the private work area — nor inside it, except quarantined items.
    /// </summary>
    /// <param name="context">What ran, for the messages.</param>
    /// <param name="allowKnownKillLeftovers">For a kill at a random moment: tolerates the young <see cref="KillLeftovers"/>
    /// the daemon sweeps a minute later. A kill at a named crash point never leaves them, so those tests stay strict.</param>
    public void AssertFinishedExactlyOnce(string context, bool allowKnownKillLeftovers = false)
    {
        var rows = Journal();
        Assert.True(rows.Count == 5, $"{context}: the journal has {rows.Count} uploads, not 5 (a claim lost or doubled):\n{string.Join('\n', rows)}");
        var done = rows.Where(r => r.State == "Done").ToList();
        var quarantined = rows.Where(r => r.State == "Quarantined").ToList();
        Assert.True(done.Count == 4 && quarantined.Count == 1, $"{context}: journal states:\n{string.Join('\n', rows)}");

        // Outboxes: exactly the journaled outputs, nothing else (no temp, no duplicate).
        var outboxFiles = new[] { "SITEA", "SITEB" }
            .SelectMany(s => Directory.EnumerateFileSystemEntries(Outbox(s)).Select(f => (Sender: s, Name: Path.GetFileName(f))))
            .OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
        var expected = done.Select(r => (r.Sender, Name: r.OutputName)).OrderBy(x => x.Name, StringComparer.Ordinal).ToList();
        Assert.True(expected.SequenceEqual(outboxFiles),
            $"{context}: outboxes hold [{string.Join(", ", outboxFiles)}], journal says [{string.Join(", ", expected)}]");
        Assert.Equal(2, done.Count(r => r.OutputName.EndsWith(".dcm.gpg", StringComparison.Ordinal)));
        Assert.Equal(2, done.Count(r => r.OutputName.EndsWith(".zip.gpg", StringComparison.Ordinal)));

        // Quarantine: the text upload once, the zip's text member once; every item holds its file.
        var items = QuarantineItems(allowKnownKillLeftovers);
        Assert.True(items.Count == 2, $"{context}: {items.Count} quarantine items, expected 2:\n{string.Join('\n', items.Select(i => i.Reason.ToString()))}");
        foreach (var item in items)
        {
            Assert.True(File.Exists(Path.Combine(item.Directory, "item")), $"{context}: quarantine item {item.Directory} has no file");
            Assert.Equal("not-dicom", item.Reason.GetProperty("code").GetString());
        }
        var whole = Assert.Single(items, i => i.Reason.GetProperty("uploadId").GetString() == quarantined[0].Id);
        Assert.Equal("SITEA", whole.Sender);
        var member = Assert.Single(items, i => i.Reason.GetProperty("uploadId").GetString() != quarantined[0].Id);
        var mixed = Assert.Single(done, r => r.Id == member.Reason.GetProperty("uploadId").GetString());
        Assert.Equal((2, 1), (mixed.FilesPublished, mixed.FilesQuarantined));

        AssertNoPlaintextLeft(context, allowKnownKillLeftovers);
        AssertCiphertextsOpen(done, context);
    }

    /// <summary>Under the root only outbox ciphertexts, senders' receipts (text the daemon writes, no DICOM value) and the
    /// work area; in the work area no upload folder left.</summary>
    /// <param name="allowKnownKillLeftovers">Tolerates the <see cref="KillLeftovers"/> (random kills land there).</param>
    public void AssertNoPlaintextLeft(string context, bool allowKnownKillLeftovers = false)
    {
        var work = WorkDirectory + Path.DirectorySeparatorChar;
        var stray = Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(work, StringComparison.Ordinal))
            .Where(f => !(f.StartsWith(Path.Combine(Root, "club_house") + "/", StringComparison.Ordinal) && f.EndsWith(".gpg", StringComparison.Ordinal)))
            .Where(f => !(Path.GetFileName(Path.GetDirectoryName(f)) == "receipts" && f.EndsWith(".txt", StringComparison.Ordinal)))
            .Where(f => !(allowKnownKillLeftovers && KillLeftovers.IsKnownOutsideWorkArea(f)))
            .ToList();
        Assert.True(stray.Count == 0, $"{context}: files outside the work area that are not outbox ciphertexts: {string.Join(", ", stray)}");
        var uploads = Path.Combine(WorkDirectory, "uploads");
        var left = Directory.Exists(uploads) ? Directory.GetDirectories(uploads).Concat(Directory.GetFiles(uploads)).ToList() : [];
        left.RemoveAll(d => allowKnownKillLeftovers && Directory.Exists(d) && KillLeftovers.IsAbandonedFolder(d));
        Assert.True(left.Count == 0, $"{context}: the work area still holds upload plaintext: {string.Join(", ", left.SelectMany(d => Directory.Exists(d) ? Directory.GetFileSystemEntries(d) : [d]))}");
    }

    private void AssertCiphertextsOpen(IEnumerable<JournalRow> done, string context)
    {
        foreach (var row in done)
        {
            var plain = _temp.Combine("opened", row.OutputName[..^4]);
            Receiver.Open(Path.Combine(Outbox(row.Sender), row.OutputName), plain);
            var dicoms = new List<string> { plain };
            if (plain.EndsWith(".zip", StringComparison.Ordinal))
            {
                ZipFile.ExtractToDirectory(plain, plain + ".d");
                dicoms = [.. Directory.GetFiles(plain + ".d", "*", SearchOption.AllDirectories)];
                Assert.True(dicoms.Count == row.FilesPublished, $"{context}: {row.OutputName} holds {dicoms.Count} files, journal says {row.FilesPublished}");
            }
            foreach (var dicom in dicoms)
            {
                var check = Dcmdump.Check(dicom);
                Assert.True(check.ExitCode == 0, $"{context}: {row.OutputName}: {check}");
            }
        }
    }

    private static void Zip(string path, (string Entry, string? Source)[] members)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (entry, source) in members)
        {
            if (source is not null)
            {
                zip.CreateEntryFromFile(source, entry);
                continue;
            }
            using var writer = new StreamWriter(zip.CreateEntry(entry).Open());
            writer.Write(string.Concat(Enumerable.Repeat("a note, not DICOM\n", 20)));
        }
    }

    /// <summary>Seven synthetic images (invented values), made once per test run by the project's own generator.</summary>
    private static string MakeSamples()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"dropbox-crash-samples-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dir, recursive: true);
        for (var seed = 1; seed <= 7; seed++)
        {
            var path = Path.Combine(dir, $"s{seed}.dcm");
            if (!File.Exists(path))
            {
                var result = DropBoxCli.Run("dicom", "make-sample", path, "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(result.ExitCode == 0, result.Describe());
            }
        }
        return dir;
    }

    public void Dispose()
    {
        Receiver.Dispose();
        _temp.Dispose();
    }
}
