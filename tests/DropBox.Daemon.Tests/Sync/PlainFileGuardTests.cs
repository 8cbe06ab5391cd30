using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Sync;
using DropBox.Daemon.Sync.Sftp;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Sync;

/// <summary>
/// The plain-file guard inside the real sync: what is DICOM (or holds it) never reaches the far site, it lands
/// in the quarantine; everything else travels as before. Real OpenSSH sshd for the transfer where it matters.
/// </summary>
public sealed class PlainFileGuardTests(SshdServer sshd) : IClassFixture<SshdServer>
{
    [SshdFact]
    public async Task A_dicom_file_and_a_zip_of_dicom_files_in_club_house_are_quarantined_not_sent_while_a_pdf_and_a_text_file_travel()
    {
        using var bed = new SyncTestBed();
        var far = sshd.NewRemoteDirectory("guard");
        var dicom = bed.Write("notes.dcm", PlainFiles.Part10Dicom());
        var zip = bed.Write("scans.zip", PlainFiles.Zip(("IM0001", PlainFiles.Part10Dicom()), ("sub/IM0002", PlainFiles.BareExplicitDataset())));
        var inOutbox = bed.Write("gpg-PKUHSC/u-20261122-0f3a9c1b.zip.gpg", PlainFiles.Zip(("IM0003", PlainFiles.Part10Dicom())));
        var hashes = new[] { dicom, zip, inOutbox }.Select(SyncTestBed.Sha256).ToHashSet();
        bed.Write("minutes.pdf", PlainFiles.Pdf());
        bed.Write("docs/readme.txt", PlainFiles.Text());

        var result = await bed.RunAsync(Transport(far));

        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Sent);
        Assert.Equal(3, result.Held);
        SyncAssert.FarEndMatches(bed.SourceTree(), far);
        Assert.Equal(["docs/readme.txt", "minutes.pdf"], SyncTestBed.Tree(far).Keys.Where(k => !SyncAssert.IsManifest(k)).Order(StringComparer.Ordinal));
        var manifest = SyncAssert.ManifestChecks(far, result.ManifestName!);
        Assert.DoesNotContain("notes.dcm", manifest, StringComparison.Ordinal);
        Assert.False(File.Exists(dicom) || File.Exists(zip) || File.Exists(inOutbox), "held files are moved out of club_house");

        var items = bed.Quarantine.List();
        Assert.Equal(3, items.Count);
        Assert.All(items, i => Assert.Equal(ReasonCatalog.PlainDicomInClubHouse, i.Code));
        Assert.Equal(hashes, items.Select(i => i.Sha256!).ToHashSet());
        Assert.Equal(["PKUHSC", PlainFileGuard.ClubHouseSender, PlainFileGuard.ClubHouseSender], items.Select(i => i.Sender).Order(StringComparer.Ordinal));
        Assert.All(items, i => Assert.True(File.Exists(i.FilePath)));
        Assert.All(items, i => AssertPhiFree(i.Message));
        Assert.All(items, i => Assert.Contains("gpg/", i.Message, StringComparison.Ordinal));

        var held = bed.Logger.Entries.Where(e => e.Id.Id == 1511).ToList();
        Assert.Equal(3, held.Count);
        Assert.All(bed.Logger.Entries, e => AssertPhiFree(e.Message));
        SyncAssert.AllSent(bed.Journal, 2);

        var again = await bed.RunAsync(Transport(far));

        Assert.Equal(0, again.Sent + again.Held);
        Assert.Equal(3, bed.Quarantine.List().Count);
    }

    [Fact]
    public async Task Content_already_judged_and_unchanged_is_not_read_again_by_later_runs()
    {
        using var bed = new SyncTestBed();
        var looked = new List<string>();
        bed.Guard = new PlainFileGuard(bed.Quarantine, IdentifiablePathRule.None, ["PKUHSC"], (path, _) => { looked.Add(path); return false; });
        bed.Write("a.txt", PlainFiles.Text());
        bed.Write("b.pdf", PlainFiles.Pdf());
        var far = Directory.CreateDirectory(Path.Combine(bed.Root, "far")).FullName;

        await bed.RunAsync(new FailingTransport());   // judged, not sent: the far end is down
        await bed.RunAsync(new FailingTransport());
        var sent = await bed.RunAsync(new LocalTransport(far));
        await bed.RunAsync(new LocalTransport(far));

        Assert.Equal(2, sent.Sent);
        Assert.Equal(["a.txt", "b.pdf"], looked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_sent_text_file_later_overwritten_with_dicom_is_held_and_the_far_end_keeps_the_sent_version()
    {
        using var bed = new SyncTestBed();
        var far = Directory.CreateDirectory(Path.Combine(bed.Root, "far")).FullName;
        bed.Write("results.txt", PlainFiles.Text());
        Assert.Equal(1, (await bed.RunAsync(new LocalTransport(far))).Sent);

        bed.Write("results.txt", PlainFiles.Part10Dicom(), TimeSpan.FromMinutes(5));
        var second = await bed.RunAsync(new LocalTransport(far));

        Assert.Equal(0, second.Sent);
        Assert.Equal(1, second.Held);
        Assert.Equal(PlainFiles.Text(), File.ReadAllBytes(Path.Combine(far, "results.txt")));
        Assert.Equal(ReasonCatalog.PlainDicomInClubHouse, Assert.Single(bed.Quarantine.List()).Code);
    }

    [Fact]
    public async Task A_file_left_waiting_by_a_journal_from_before_the_guard_is_judged_before_it_is_sent()
    {
        using var bed = new SyncTestBed();
        var path = bed.Write("old.bin", PlainFiles.BareExplicitDataset());
        var modified = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero);
        bed.Journal.AddReady("liver", "old.bin", new FileInfo(path).Length, SyncTestBed.Sha256(path), modified, modified);

        var result = await bed.RunAsync(new LocalTransport(Directory.CreateDirectory(Path.Combine(bed.Root, "far")).FullName));

        Assert.Equal(0, result.Sent);
        Assert.Equal(1, result.Held);
        Assert.Empty(bed.Journal.GetFiles("liver"));
    }

    [Fact]
    public async Task The_daemons_own_published_output_travels_without_being_read()
    {
        using var bed = new SyncTestBed();
        // Content a real ciphertext can never have (DICOM): it travels only because the guard does not read it.
        var own = bed.Write("gpg-PKUHSC/u-20261122-0f3a9c1b.zip.gpg", PlainFiles.Part10Dicom());
        var sha = SyncTestBed.Sha256(own);
        bed.Guard = new PlainFileGuard(bed.Quarantine, IdentifiablePathRule.None, ["PKUHSC"],
            (path, hash) => path == "gpg-PKUHSC/u-20261122-0f3a9c1b.zip.gpg" && hash == sha);

        var result = await bed.RunAsync(new LocalTransport(Directory.CreateDirectory(Path.Combine(bed.Root, "far")).FullName));

        Assert.Equal(1, result.Sent);
        Assert.Equal(0, result.Held);
    }

    [Fact]
    public async Task A_path_the_project_rule_calls_identifiable_is_held_whatever_its_content()
    {
        using var bed = new SyncTestBed();
        bed.Guard = new PlainFileGuard(bed.Quarantine, new IdentifiablePathRule(["exports/**", "*.csv"]), ["PKUHSC"], (_, _) => false);
        bed.Write("exports/2026/list.txt", PlainFiles.Text());
        bed.Write("docs/PATIENTS.CSV", PlainFiles.Text("id,name\n"));
        bed.Write("docs/readme.txt", PlainFiles.Text());

        var result = await bed.RunAsync(new LocalTransport(Directory.CreateDirectory(Path.Combine(bed.Root, "far")).FullName));

        Assert.Equal(1, result.Sent);
        Assert.Equal(2, result.Held);
        Assert.All(bed.Quarantine.List(), i => Assert.Contains("Sync.IdentifiablePaths", i.Message, StringComparison.Ordinal));
    }

    private static void AssertPhiFree(string text)
    {
        foreach (var forbidden in new[] { "notes.dcm", "scans.zip", "IM000", "DOE", "JANE", "PID-0001", "u-20261122-0f3a9c1b" })
        {
            Assert.DoesNotContain(forbidden, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    private ISyncTransport Transport(string remoteDirectory) => new SftpTransport(
        new SyncTargetOptions
        {
            Type = "sftp",
            Host = "127.0.0.1",
            Port = sshd.Port,
            User = sshd.User,
            IdentityFile = sshd.IdentityFile,
            KnownHostsFile = sshd.KnownHostsFile,
            RemoteDirectory = remoteDirectory,
        },
        TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(20),
        TimeProvider.System);

    /// <summary>A far end that is down: every upload fails (retryable), nothing lands.</summary>
    private sealed class FailingTransport : ISyncTransport
    {
        public string Description => "down";

        public void Dispose()
        {
        }

        public Task<int> UploadAsync(IReadOnlyList<string> directories, IReadOnlyList<RemoteUpload> uploads, CancellationToken cancellationToken) =>
            throw new SyncTransportException("connection refused");

        public Task<IReadOnlyDictionary<string, long>> GetSizesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
            throw new SyncTransportException("connection refused");

        public Task<IReadOnlyDictionary<string, long>> RenameAsync(IReadOnlyList<RemoteRename> renames, CancellationToken cancellationToken) =>
            throw new SyncTransportException("connection refused");

        public Task RemoveAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
            throw new SyncTransportException("connection refused");
    }
}
