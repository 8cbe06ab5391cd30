using DropBox.Daemon.Intake;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Intake;

public sealed class ClaimedUploadInspectorTests : IDisposable
{
    private readonly TempFolder _folder = new();
    // Real file times, so "now" starts at the real time; the tests set it relative to a file's change time, back
    // as well as forth (AdjustTime, not SetUtcNow, which refuses to go back).
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly IntakeOptions _options = new() { QuietPeriod = TimeSpan.FromMinutes(2), IncompleteDeadline = TimeSpan.FromHours(1), ClaimSettleDelay = TimeSpan.FromSeconds(5) };
    private readonly string _inbox;
    private readonly UploadClaimer _claimer;

    public ClaimedUploadInspectorTests()
    {
        _inbox = _folder.Dir("root", "PKUHSC", "gpg");
        _claimer = new UploadClaimer(_folder.Combine("root", ".dropbox"), _clock);
    }

    public void Dispose() => _folder.Dispose();

    private ClaimedUpload Claim(byte[] content)
    {
        var file = TestFiles.Write(Path.Combine(_inbox, "upload"), content);
        _clock.AdjustTime(TestFiles.QuietAfter(file, _options.QuietPeriod));
        var candidate = Assert.Single(new InboxScanner(_clock).Scan(_inbox, _options.QuietPeriod).Complete);
        return _claimer.Claim("PKUHSC", candidate).Upload!;
    }

    private ClaimedUploadInspector Inspector(Func<string, CompletenessVerdict>? dicomProbe = null) =>
        new(_options, _clock, new CompletenessProbe(dicomProbe));

    private static byte[] ValidZip(string path)
    {
        TestFiles.Zip(path, [("a.dcm", TestFiles.Part10(5000)), ("b.dcm", TestFiles.Part10(7000))]);
        return File.ReadAllBytes(path);
    }

    [Fact]
    public void A_whole_zip_that_has_settled_is_ready()
    {
        var upload = Claim(ValidZip(_folder.Combine("z.zip")));
        _clock.AdjustTime(UnixFileStatus.LStat(upload.OriginalPath).LastChangeUtc + _options.ClaimSettleDelay);

        var inspection = Inspector().Inspect(upload);

        Assert.Equal(InspectionStatus.Ready, inspection.Status);
        Assert.Equal(UploadKind.Zip, inspection.Kind);
    }

    [Fact]
    public void A_claimed_file_still_being_appended_to_waits()
    {
        var upload = Claim(TestFiles.Part10());
        File.AppendAllText(upload.OriginalPath, "late bytes from a still-open SFTP handle");
        _clock.AdjustTime(UnixFileStatus.LStat(upload.OriginalPath).LastChangeUtc + TimeSpan.FromSeconds(1));

        var inspection = Inspector().Inspect(upload);

        Assert.Equal(InspectionStatus.Waiting, inspection.Status);
    }

    [Fact]
    public void A_truncated_zip_waits_and_is_quarantined_after_the_incomplete_deadline_never_processed()
    {
        var whole = ValidZip(_folder.Combine("z.zip"));
        var upload = Claim(whole[..(whole.Length / 2)]);
        var inspector = Inspector();

        _clock.AdjustTime(UnixFileStatus.LStat(upload.OriginalPath).LastChangeUtc + TimeSpan.FromMinutes(1));
        var early = inspector.Inspect(upload);
        _clock.AdjustTime(upload.ClaimedAtUtc + _options.IncompleteDeadline - TimeSpan.FromSeconds(1));
        var late = inspector.Inspect(upload);
        _clock.AdjustTime(upload.ClaimedAtUtc + _options.IncompleteDeadline);
        var expired = inspector.Inspect(upload);

        Assert.Equal(InspectionStatus.Waiting, early.Status);
        Assert.Equal(UploadKind.Zip, early.Kind);
        Assert.Equal(InspectionStatus.Waiting, late.Status);
        Assert.Equal(InspectionStatus.Expired, expired.Status);
        Assert.Contains("central directory", expired.Reason!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_claimed_because_it_stayed_incomplete_in_the_inbox_past_the_deadline_expires_at_its_first_inspection()
    {
        var whole = ValidZip(_folder.Combine("z.zip"));
        var file = TestFiles.Write(Path.Combine(_inbox, "upload"), whole[..(whole.Length / 2)]);
        var lastChange = UnixFileStatus.LStat(file).LastChangeUtc;
        _clock.AdjustTime(lastChange + _options.IncompleteDeadline);
        var candidate = Assert.Single(new InboxScanner(_clock).Scan(_inbox, _options.QuietPeriod).Complete);
        var upload = _claimer.Claim("PKUHSC", candidate, incompleteSinceUtc: lastChange).Upload!;
        // Settled: the claim's rename (a real ctime, about lastChange) lies far before this clock.
        _clock.AdjustTime(lastChange + _options.IncompleteDeadline + _options.ClaimSettleDelay);

        var inspection = Inspector().Inspect(upload);

        Assert.Equal(lastChange, ClaimedUpload.TryLoad(upload.Directory)!.IncompleteSinceUtc);
        Assert.Equal(InspectionStatus.Expired, inspection.Status);
        Assert.Contains("central directory", inspection.Reason!, StringComparison.Ordinal);
        Assert.Contains("after its last change in the inbox", inspection.Reason!, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_whose_missing_end_arrives_before_the_deadline_becomes_ready()
    {
        var whole = ValidZip(_folder.Combine("z.zip"));
        var upload = Claim(whole[..(whole.Length / 2)]);
        var inspector = Inspector();
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(InspectionStatus.Waiting, inspector.Inspect(upload).Status);

        using (var stream = new FileStream(upload.OriginalPath, FileMode.Append))
        {
            stream.Write(whole.AsSpan(whole.Length / 2));
        }

        _clock.AdjustTime(UnixFileStatus.LStat(upload.OriginalPath).LastChangeUtc + _options.ClaimSettleDelay);
        Assert.Equal(InspectionStatus.Ready, inspector.Inspect(upload).Status);
    }

    [Fact]
    public void The_dicom_completeness_check_is_a_seam_the_codec_plugs_into()
    {
        var upload = Claim(TestFiles.Part10());
        _clock.Advance(TimeSpan.FromMinutes(1));
        string? probed = null;

        var inspection = Inspector(path =>
        {
            probed = path;
            return CompletenessVerdict.Incomplete(UploadKind.Dicom, "Pixel data runs past the end of the file.");
        }).Inspect(upload);

        Assert.Equal(upload.OriginalPath, probed);
        Assert.Equal(InspectionStatus.Waiting, inspection.Status);
        Assert.Equal(UploadKind.Dicom, inspection.Kind);
    }

    [Fact]
    public void An_empty_file_waits_and_an_unrecognised_file_is_ready_as_other()
    {
        var empty = Claim([]);
        var other = Claim(new byte[500]);
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(InspectionStatus.Waiting, Inspector().Inspect(empty).Status);
        var inspection = Inspector().Inspect(other);
        Assert.Equal(InspectionStatus.Ready, inspection.Status);
        Assert.Equal(UploadKind.Other, inspection.Kind);
    }

    [Fact]
    public void A_claimed_file_that_disappeared_is_missing()
    {
        var upload = Claim(TestFiles.Part10());
        File.Delete(upload.OriginalPath);

        Assert.Equal(InspectionStatus.Missing, Inspector().Inspect(upload).Status);
    }
}
