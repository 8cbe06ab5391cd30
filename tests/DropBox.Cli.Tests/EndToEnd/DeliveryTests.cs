using System.Text.RegularExpressions;
using DropBox.Testing;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary>What senders and receivers see of one end-to-end run (<see cref="DeliveryRun"/>), with real gpg.</summary>
public sealed class DeliveryTests(DeliveryRun run) : DeliveryChecks(run), IClassFixture<DeliveryRun>;

/// <summary>
/// The delivery checks, written once for every build of the program: <see cref="DeliveryTests"/> runs them on the
/// managed build, NativeBuild's <c>NativeDeliveryTests</c> on the published native program.
/// </summary>
public abstract partial class DeliveryChecks(DeliveryRun run)
{
    private E2ESite Site => run.Site;

    [CorpusFact("gpg", "dcmdump", "pydicom")]
    public void Every_accepted_upload_comes_out_once_as_a_gpg_file_that_each_receiver_key_decrypts_to_the_same_bytes()
    {
        // 3 loose files + 2 zips in the first run, the repeated patient in the second.
        Assert.True(run.FirstRun.ExitCode == 3, "first run quarantined some uploads, so it exits 3: " + run.FirstRun.Describe());
        Assert.True(run.SecondRun.ExitCode == 0, run.SecondRun.Describe());
        Assert.Equal(5, run.FirstOutputs.Count);
        Assert.Single(run.SecondOutputs);
        Assert.Equal(3, run.FirstOutputs.Count(o => o.EndsWith(".dcm.gpg", StringComparison.Ordinal)));
        Assert.Equal(2, run.FirstOutputs.Count(o => o.EndsWith(".zip.gpg", StringComparison.Ordinal)));
        Assert.Empty(Site.Outputs(DeliveryRun.Bad));
        foreach (var sender in Site.Senders)
        {
            Assert.Empty(Directory.EnumerateFileSystemEntries(Site.InboxOf(sender)));
        }

        var reference = run.Decrypted[run.Keys.Ed25519.Name];
        foreach (var key in run.Keys.Receivers)
        {
            Assert.Equal(reference.Keys.Order(), run.Decrypted[key.Name].Keys.Order());
            foreach (var (name, path) in run.Decrypted[key.Name])
            {
                Assert.Equal(File.ReadAllBytes(reference[name]), File.ReadAllBytes(path));
            }
        }

        // The zips keep every DICOM member (the series' non-DICOM note went to quarantine).
        Assert.Equal([2, 20], run.ZipEntries.Values.Select(e => e.Count).Order());
        Assert.All(run.ZipEntries.Values.SelectMany(e => e), e => Assert.EndsWith(".dcm", e, StringComparison.Ordinal));

        // The audit trail names every output once, encrypted to all three receivers' keys.
        var published = File.ReadAllLines(Path.Combine(Site.LogDirectory, "audit.jsonl"))
            .Select(l => System.Text.Json.Nodes.JsonNode.Parse(l)!.AsObject()).Where(e => (string)e["event"]! == "published").ToList();
        Assert.Equal(run.FirstOutputs.Concat(run.SecondOutputs).Select(Path.GetFileName).Order(), published.Select(e => (string?)e["outputName"]).Order());
        Assert.All(published, e => Assert.Equal(run.Keys.Receivers.Select(k => k.Fingerprint).Order(),
            e["recipientFingerprints"]!.AsArray().Select(f => (string)f!).Order()));

        // The sync carried the outbox to the far site.
        var far = Path.Combine(Site.FarSite, "gpg-" + DeliveryRun.Good);
        Assert.Equal(run.FirstOutputs.Concat(run.SecondOutputs).Select(Path.GetFileName).Order(),
            Directory.GetFiles(far, "*.gpg").Select(Path.GetFileName).Order());
    }

    [CorpusFact("gpg", "dcmdump", "pydicom")]
    public void The_decrypted_files_hold_none_of_the_planted_phi_and_parse_cleanly_with_dcmdump()
    {
        // The scan must first find every planted value in the inputs, or it proves nothing.
        var inputs = DeliveryRun.LooseKeys.Concat(DeliveryRun.ZippedKeys).Select(DeliveryRun.Corpus)
            .Concat(Directory.GetFiles(DeliveryRun.Corpus(DeliveryRun.SeriesKey), "*.dcm")).ToList();
        var control = ProcessRunner.Run(Tools.Python, [Path.Combine(RepoPaths.RequireCorpus(), "phi-scan.py"),
            "--positive-control", "--no-profile", "--manifest", PlantedPhi.ManifestPath, "--root", PlantedPhi.Synthetic, .. inputs],
            timeout: TimeSpan.FromMinutes(2));
        Assert.True(control.ExitCode == 0, "positive control on the inputs: " + control.StdOut + control.Describe());

        var files = Directory.GetFiles(run.PlainFolder, "*", SearchOption.AllDirectories);
        Assert.Equal(3 + 1 + 2 + 20, files.Length);
        var scan = PhiScan.Run(PlantedPhi.ManifestPath, run.PlainFolder, null, run.PlainFolder, ["--global"]);
        Assert.True(scan.ExitCode == 0, "phi-scan found planted PHI in the decrypted outputs:\n" + scan.StdOut + scan.Describe());

        foreach (var file in files)
        {
            var check = Dcmdump.Check(file);
            Assert.True(check.IsClean, $"{Path.GetRelativePath(run.PlainFolder, file)}: {check}");
        }
    }

    [CorpusFact("gpg", "dcmdump", "pydicom")]
    public void Refused_uploads_are_quarantined_with_their_reason_code_and_no_file_name_and_nothing_of_them_is_published()
    {
        var items = Site.Quarantined(DeliveryRun.Bad);
        var codes = items.Select(i => (string)i.Reason["code"]!).Order().ToList();
        Assert.Equal(new[] { "burned-in-annotation", "dicomdir", "not-dicom", "special-file", "symlink", "zip-bomb", "zip-encrypted", "zip-slip" }, codes);

        foreach (var (directory, reason, text) in items)
        {
            if ((string?)reason["sha256"] is { } sha)
            {
                Assert.True(run.ExpectedRefusals.TryGetValue(sha, out var expected), $"unexpected item {text}");
                Assert.Equal(expected, (string)reason["code"]!);
                Assert.Equal(sha, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(Path.Combine(directory, "item")))));
            }
            else if ((string)reason["code"]! == "symlink")
            {
                Assert.True(new FileInfo(Path.Combine(directory, "item")).LinkTarget is not null, "the link is kept as a link");
            }
            else
            {
                Assert.Equal("special-file", (string)reason["code"]!);
                Assert.Equal("fifo", (string)reason["kind"]!);
            }
            Assert.False(string.IsNullOrWhiteSpace((string?)reason["message"]));
            AssertNoUploadName(text, $"reason.json of {reason["code"]}");
            if ((string?)reason["uploadId"] is { } uploadId)
            {
                Assert.DoesNotContain(Directory.GetFiles(Site.Path, "*.gpg", SearchOption.AllDirectories), f => Path.GetFileName(f).StartsWith(uploadId, StringComparison.Ordinal));
            }
        }

        // The series' non-DICOM member was quarantined alone; the rest of its zip went through.
        var member = Assert.Single(Site.Quarantined(DeliveryRun.Good));
        Assert.Equal("not-dicom", (string)member.Reason["code"]!);
        AssertNoUploadName(member.Text, "reason.json of the member");
        Assert.Contains(run.FirstOutputs, o => Path.GetFileName(o) == (string)member.Reason["uploadId"]! + ".zip.gpg");
    }

    [CorpusFact("gpg", "dcmdump", "pydicom")]
    public void No_log_line_console_line_or_audit_line_holds_planted_phi_or_an_uploaded_file_name()
    {
        var logs = Directory.GetFiles(Site.LogDirectory);
        Assert.Contains(logs, f => Path.GetFileName(f) == "audit.jsonl");
        Assert.Contains(logs, f => Path.GetFileName(f).StartsWith("dropbox-", StringComparison.Ordinal));
        var sources = logs.Select(f => (Path.GetFileName(f), File.ReadAllText(f)))
            .Append(("console of run 1", run.FirstRun.StdOut + run.FirstRun.StdErr))
            .Append(("console of run 2", run.SecondRun.StdOut + run.SecondRun.StdErr)).ToList();
        Assert.Contains(sources, s => s.Item2.Contains("Published", StringComparison.Ordinal));

        var planted = PlantedPhi.ValuesOf(DeliveryRun.ManifestKeysUsed);
        Assert.NotEmpty(planted);
        var leaks = new List<string>();
        foreach (var (source, text) in sources)
        {
            var lines = text.Split('\n');
            foreach (var value in planted.Concat(run.UploadNames.SelectMany(n => new[] { n, Path.GetFileName(n) })).Distinct())
            {
                leaks.AddRange(lines.Where(l => l.Contains(value, StringComparison.OrdinalIgnoreCase)).Select(l => $"{source}: [{value}] in: {l}"));
            }
            foreach (var token in run.UploadNames.SelectMany(PlantedPhi.Tokens).Distinct().Where(t => !CommonWords.Contains(t)))
            {
                leaks.AddRange(lines.Where(l => l.Contains(token, StringComparison.OrdinalIgnoreCase)).Select(l => $"{source}: name part [{token}] in: {l}"));
            }
        }
        Assert.True(leaks.Count == 0, "PHI or upload names in logs:\n" + string.Join("\n", leaks.Distinct().Take(40)));
    }

    [CorpusFact("gpg", "dcmdump", "pydicom")]
    public void Nothing_the_daemon_keeps_outside_quarantine_holds_planted_phi_an_upload_name_or_leftover_plaintext()
    {
        // Journal (+WAL), pseudonym store, gpg home, work area, logs, the far site's manifest: every byte except
        // the quarantined originals themselves (kept on purpose, privately) and the ciphertexts.
        var kept = Directory.GetFiles(Site.Path, "*", SearchOption.AllDirectories)
            .Where(f => !f.StartsWith(Site.Scratch(), StringComparison.Ordinal))
            .Where(f => !f.EndsWith(".gpg", StringComparison.Ordinal))
            .Where(f => !(f.StartsWith(Site.WorkDirectory + "/quarantine/", StringComparison.Ordinal) && Path.GetFileName(f) == "item"))
            .ToList();
        Assert.Contains(kept, f => Path.GetFileName(f) == "journal.db");
        Assert.Contains(kept, f => Path.GetFileName(f) == "pseudonyms.db");

        var needles = PlantedPhi.ValuesOf(DeliveryRun.ManifestKeysUsed)
            .Concat(run.UploadNames.SelectMany(PlantedPhi.Tokens).Where(t => !CommonWords.Contains(t)))
            .Distinct().ToList();
        var latin1 = System.Text.Encoding.Latin1;
        var leaks = new List<string>();
        Assert.Contains(kept, f => f.Contains("/receipts/", StringComparison.Ordinal));
        foreach (var file in kept)
        {
            var bytes = File.ReadAllBytes(file);
            // A sender's receipt names the file as that sender uploaded it (the issue asks for it; the sender alone reads
            // it, in their own area): the upload name is allowed there, and nothing else of the needles.
            var receipt = file.Contains("/receipts/", StringComparison.Ordinal);
            foreach (var needle in needles.Where(n => !receipt || !run.UploadNames.Any(u => u.Contains(n, StringComparison.Ordinal))))
            {
                var utf8 = System.Text.Encoding.UTF8.GetBytes(needle);
                var asLatin1 = needle.All(c => c <= '\u00ff') ? latin1.GetBytes(needle) : utf8;
                if (bytes.AsSpan().IndexOf(utf8) >= 0 || bytes.AsSpan().IndexOf(asLatin1) >= 0)
                {
                    leaks.Add($"{Path.GetRelativePath(Site.Path, file)}: [{needle}]");
                }
            }
        }
        Assert.True(leaks.Count == 0, "planted PHI or upload names at rest:\n" + string.Join("\n", leaks));

        // No plaintext (claimed originals, unpacked members, packages) is left in the work area after a normal run.
        var uploads = Path.Combine(Site.WorkDirectory, "uploads");
        Assert.True(!Directory.Exists(uploads) || !Directory.EnumerateFileSystemEntries(uploads).Any(),
            "left in the work area: " + string.Join(", ", Directory.Exists(uploads) ? Directory.EnumerateFileSystemEntries(uploads, "*", SearchOption.AllDirectories) : []));
    }

    [CorpusFact("gpg", "dcmdump", "pydicom")]
    public void Output_names_and_zip_member_names_carry_no_part_of_the_uploaded_names()
    {
        var names = run.FirstOutputs.Concat(run.SecondOutputs).Select(Path.GetFileName).ToList();
        Assert.All(names, n => Assert.Matches(OutputName(), n!));
        foreach (var name in names.Concat(run.ZipEntries.Values.SelectMany(e => e)))
        {
            AssertNoUploadName(name!, "output name");
        }
    }

    [CorpusFact("gpg", "dcmdump", "pydicom")]
    public void The_same_patient_uploaded_again_by_a_later_process_gets_the_same_pseudonym()
    {
        var again = Attributes(run.Decrypted[run.Keys.Ed25519.Name][Path.GetFileNameWithoutExtension(Assert.Single(run.SecondOutputs))]);
        var first = run.FirstOutputs.Where(o => o.EndsWith(".dcm.gpg", StringComparison.Ordinal))
            .Select(o => Attributes(run.Decrypted[run.Keys.Ed25519.Name][Path.GetFileNameWithoutExtension(o)])).ToList();

        Assert.Equal(3, first.Select(a => a.PatientName).Distinct().Count());
        Assert.All(first, a => Assert.StartsWith("E2E-", a.PatientName, StringComparison.Ordinal));
        // Same original instance → same new instance UID (derived from the project secret), same pseudonym.
        var same = Assert.Single(first, a => a.SopInstanceUid == again.SopInstanceUid);
        Assert.Equal(same.PatientName, again.PatientName);
        Assert.Equal(same.PatientId, again.PatientId);
    }

    private static (string PatientName, string PatientId, string SopInstanceUid) Attributes(string file)
    {
        var elements = Dcmdump.Elements(file);
        string Value(string tag) => elements.First(e => e.TagPath.Equals(tag, StringComparison.OrdinalIgnoreCase)).Value.Trim('[', ']');
        return (Value("(0010,0010)"), Value("(0010,0020)"), Value("(0008,0018)"));
    }

    private void AssertNoUploadName(string text, string what)
    {
        foreach (var name in run.UploadNames)
        {
            foreach (var token in PlantedPhi.Tokens(name).Where(t => !CommonWords.Contains(t)))
            {
                Assert.False(text.Contains(token, StringComparison.OrdinalIgnoreCase), $"{what} holds [{token}] of an uploaded name: {text}");
            }
        }
    }

    /// <summary>Name parts that are not identifying (extensions, words the test itself added, the corpus's slice names).</summary>
    private static readonly HashSet<string> CommonWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "dcm", "zip", "txt", "slip", "bomb", "locked", "link", "pipe", "letter", "referral", "DICOMDIR",
    };

    [GeneratedRegex(@"^u-\d{14}-[0-9a-f]{8}\.(dcm|zip)\.gpg$")]
    private static partial Regex OutputName();
}
