using DropBox.Daemon.Intake;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Intake;

public sealed class UploadClaimerTests : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);
    private readonly TempFolder _folder = new();
    // Real file times, so "now" starts at the real time; the tests set it relative to a file's change time, back
    // as well as forth (AdjustTime, not SetUtcNow, which refuses to go back).
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly string _inbox;
    private readonly string _work;

    public UploadClaimerTests()
    {
        _inbox = _folder.Dir("root", "PKUHSC", "gpg");
        _work = _folder.Combine("root", ".dropbox");
    }

    public void Dispose() => _folder.Dispose();

    private UploadCandidate ScanOne(string file)
    {
        _clock.AdjustTime(TestFiles.QuietAfter(file, Quiet));
        return Assert.Single(new InboxScanner(_clock).Scan(_inbox, Quiet).Complete);
    }

    [Fact]
    public void A_claim_renames_the_file_into_a_private_upload_folder_keeping_its_inode()
    {
        var file = TestFiles.Write(Path.Combine(_inbox, "Doe^John.dcm"), TestFiles.Part10());
        var inode = UnixFileStatus.LStat(file).Inode;
        var candidate = ScanOne(file);

        var outcome = new UploadClaimer(_work, _clock).Claim("PKUHSC", candidate);

        Assert.Equal(ClaimStatus.Claimed, outcome.Status);
        var upload = outcome.Upload!;
        Assert.False(File.Exists(file));
        Assert.Equal(inode, UnixFileStatus.LStat(upload.OriginalPath).Inode);
        Assert.Equal(Path.Combine(_work, "uploads", upload.UploadId, "original"), upload.OriginalPath);
        Assert.True(UploadId.IsValid(upload.UploadId));
        Assert.Equal(PrivateFiles.PrivateDirectoryMode, UnixFileStatus.LStat(upload.Directory).Permissions);
        Assert.Equal(PrivateFiles.PrivateDirectoryMode, UnixFileStatus.LStat(Path.Combine(_work, "uploads")).Permissions);
        var claimJson = File.ReadAllText(Path.Combine(upload.Directory, ClaimedUpload.ClaimFileName));
        Assert.DoesNotContain("Doe", claimJson, StringComparison.Ordinal);
        Assert.Contains("PKUHSC", claimJson, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_that_changed_since_the_scan_is_not_claimed()
    {
        var file = TestFiles.Write(Path.Combine(_inbox, "scan.dcm"), TestFiles.Part10());
        var candidate = ScanOne(file);
        File.AppendAllText(file, "more");

        var outcome = new UploadClaimer(_work, _clock).Claim("PKUHSC", candidate);

        Assert.Equal(ClaimStatus.Changed, outcome.Status);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public void A_file_that_vanished_since_the_scan_is_reported_as_vanished()
    {
        var file = TestFiles.Write(Path.Combine(_inbox, "scan.dcm"), TestFiles.Part10());
        var candidate = ScanOne(file);
        File.Delete(file);

        Assert.Equal(ClaimStatus.Vanished, new UploadClaimer(_work, _clock).Claim("PKUHSC", candidate).Status);
    }

    [TwoFilesystemsFact]
    public void A_work_directory_on_another_filesystem_is_a_configuration_error_and_the_file_stays_in_the_inbox()
    {
        using var shm = new TempFolder("/dev/shm");
        var inbox = shm.Dir("PKUHSC", "gpg");
        var file = TestFiles.Write(Path.Combine(inbox, "scan.dcm"), TestFiles.Part10());
        _clock.AdjustTime(TestFiles.QuietAfter(file, Quiet));
        var candidate = Assert.Single(new InboxScanner(_clock).Scan(inbox, Quiet).Complete);

        var error = Assert.Throws<CrossFilesystemRenameException>(() => new UploadClaimer(_work, _clock).Claim("PKUHSC", candidate));

        Assert.Contains("work directory must be on the same filesystem as the inbox", error.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(file));
        Assert.Empty(Directory.GetDirectories(Path.Combine(_work, "uploads")));
    }

    [Fact]
    public void Listing_claimed_uploads_after_a_crash_mid_claim_removes_the_empty_claim_and_keeps_real_ones()
    {
        var claimer = new UploadClaimer(_work, _clock);
        var file = TestFiles.Write(Path.Combine(_inbox, "scan.dcm"), TestFiles.Part10());
        var real = claimer.Claim("PKUHSC", ScanOne(file)).Upload!;
        var abandoned = new ClaimedUpload(UploadId.New(_clock), "PKUHSC", _clock.GetUtcNow(), 10, null)
        {
            Directory = Path.Combine(claimer.UploadsDirectory, "u-20260101000000-0badf00d"),
        };
        PrivateFiles.CreateDirectory(abandoned.Directory);
        (abandoned with { UploadId = "u-20260101000000-0badf00d" }).Save();

        var listed = claimer.ListClaimed();

        Assert.Equal(real.UploadId, Assert.Single(listed).UploadId);
        Assert.False(Directory.Exists(abandoned.Directory));
    }

    [Fact]
    public void Listing_claimed_uploads_after_a_kill_while_claim_json_was_written_removes_the_folder_with_only_its_temp_file()
    {
        var claimer = new UploadClaimer(_work, _clock);
        var folder = Path.Combine(claimer.UploadsDirectory, "u-20260101000000-0badf00d");
        PrivateFiles.CreateDirectory(claimer.UploadsDirectory);
        PrivateFiles.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ClaimedUpload.ClaimFileName + ".tmp-4242"), "{\"uploadId\":");

        Assert.Empty(claimer.ListClaimed());

        Assert.False(Directory.Exists(folder));
    }

    [Fact]
    public void A_folder_without_claim_json_that_holds_an_original_is_never_removed()
    {
        var claimer = new UploadClaimer(_work, _clock);
        var folder = Path.Combine(claimer.UploadsDirectory, "u-20260101000000-0badf00d");
        PrivateFiles.CreateDirectory(claimer.UploadsDirectory);
        PrivateFiles.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, ClaimedUpload.OriginalFileName), "someone's upload");

        claimer.ListClaimed();

        Assert.True(File.Exists(Path.Combine(folder, ClaimedUpload.OriginalFileName)));
    }

    [Fact]
    public void A_sender_name_that_could_escape_its_folder_is_rejected()
    {
        var file = TestFiles.Write(Path.Combine(_inbox, "scan.dcm"), TestFiles.Part10());
        var candidate = ScanOne(file);

        Assert.Throws<ArgumentException>(() => new UploadClaimer(_work, _clock).Claim("../x", candidate));
        Assert.True(File.Exists(file));
    }

    [Fact]
    public void Upload_ids_carry_only_the_claim_time_and_randomness()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 8, 30, 15, TimeSpan.Zero));

        var id = UploadId.New(clock);

        Assert.Matches("^u-20261122083015-[0-9a-f]{8}$", id);
        Assert.NotEqual(id, UploadId.New(clock));
    }
}
