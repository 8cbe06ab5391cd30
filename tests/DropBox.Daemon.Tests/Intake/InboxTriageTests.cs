using DropBox.Daemon.Intake;
using DropBox.Daemon.Platform;
using DropBox.Daemon.Tests.Hosting;

namespace DropBox.Daemon.Tests.Intake;

/// <summary>The inbox decision: a quiet file is claimed only when whole; an incomplete one stays for its sender to
/// resume until IncompleteDeadline after its last change, and is logged "not complete yet" once.</summary>
public sealed class InboxTriageTests : IDisposable
{
    private readonly TempFolder _folder = new();
    // Real file times: "now" is set relative to a file's change time (AdjustTime goes back as well as forth).
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly IntakeOptions _options = new() { QuietPeriod = TimeSpan.FromMinutes(2), IncompleteDeadline = TimeSpan.FromHours(1) };
    private readonly CapturingLogger<InboxTriage> _log = new();
    private readonly string _inbox;

    public InboxTriageTests()
    {
        _inbox = _folder.Dir("root", "PKUHSC", "gpg");
    }

    public void Dispose() => _folder.Dispose();

    private InboxTriage Triage(Func<string, CompletenessVerdict>? dicomProbe = null) =>
        new(_options, _clock, new CompletenessProbe(dicomProbe), _log);

    private byte[] WholeZip()
    {
        TestFiles.Zip(_folder.Combine("whole.zip"), [("a.dcm", TestFiles.Part10(5000)), ("b.dcm", TestFiles.Part10(7000))]);
        return File.ReadAllBytes(_folder.Combine("whole.zip"));
    }

    /// <summary>The inbox file as the scanner hands it on once quiet (the clock moved past its quiet period).</summary>
    private UploadCandidate Quiet(string path)
    {
        _clock.AdjustTime(TestFiles.QuietAfter(path, _options.QuietPeriod));
        return Assert.Single(new InboxScanner(_clock).Scan(_inbox, _options.QuietPeriod).Complete, c => c.Path == path);
    }

    private int NotCompleteYetLines => _log.Entries.Count(e => e.EventId == 1002);

    [Fact]
    public void A_quiet_whole_zip_is_claimed()
    {
        var path = TestFiles.Write(Path.Combine(_inbox, "scan.zip"), WholeZip());

        var decision = Triage().Decide("PKUHSC", Quiet(path));

        Assert.Equal(InboxVerdict.Claim, decision.Verdict);
        Assert.Equal(0, NotCompleteYetLines);
    }

    [Fact]
    public void A_zip_without_its_central_directory_stays_in_the_inbox_until_the_deadline_after_its_last_change_then_is_claimed_for_quarantine()
    {
        var whole = WholeZip();
        var path = TestFiles.Write(Path.Combine(_inbox, "scan.zip"), whole[..(whole.Length * 2 / 5)]);
        var triage = Triage();
        var candidate = Quiet(path);
        var lastChange = candidate.Status.LastChangeUtc;

        var held = triage.Decide("PKUHSC", candidate);
        triage.EndPass();
        _clock.AdjustTime(lastChange + _options.IncompleteDeadline - TimeSpan.FromSeconds(1));
        var stillHeld = triage.Decide("PKUHSC", candidate);
        triage.EndPass();
        _clock.AdjustTime(lastChange + _options.IncompleteDeadline);
        var expired = triage.Decide("PKUHSC", candidate);

        Assert.Equal(InboxVerdict.Hold, held.Verdict);
        Assert.Contains("central directory", held.Reason!, StringComparison.Ordinal);
        Assert.Equal(InboxVerdict.Hold, stillHeld.Verdict);
        Assert.Equal(InboxVerdict.ClaimExpired, expired.Verdict);
        Assert.Equal(lastChange, expired.IncompleteSinceUtc);
        Assert.True(File.Exists(path), "the triage never moves a file");
    }

    [Fact]
    public void A_held_zip_whose_sender_resumes_it_to_the_end_is_claimed()
    {
        var whole = WholeZip();
        var path = TestFiles.Write(Path.Combine(_inbox, "scan.zip"), whole[..(whole.Length / 2)]);
        var triage = Triage();
        Assert.Equal(InboxVerdict.Hold, triage.Decide("PKUHSC", Quiet(path)).Verdict);
        triage.EndPass();

        using (var stream = new FileStream(path, FileMode.Append))
        {
            stream.Write(whole.AsSpan(whole.Length / 2));
        }

        Assert.Equal(InboxVerdict.Claim, triage.Decide("PKUHSC", Quiet(path)).Verdict);
    }

    [Fact]
    public void A_held_file_is_logged_not_complete_yet_once_however_many_passes_see_it_and_each_file_once()
    {
        var whole = WholeZip();
        var first = TestFiles.Write(Path.Combine(_inbox, "a.zip"), whole[..(whole.Length / 2)]);
        var triage = Triage();
        var candidate = Quiet(first);
        for (var pass = 0; pass < 5; pass++)
        {
            Assert.Equal(InboxVerdict.Hold, triage.Decide("PKUHSC", candidate).Verdict);
            triage.EndPass();
            _clock.Advance(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(1, NotCompleteYetLines);

        // Resumed a little and stopped again: the same file, so no second line.
        File.AppendAllText(first, "a few more bytes");
        Assert.Equal(InboxVerdict.Hold, triage.Decide("PKUHSC", Quiet(first)).Verdict);
        triage.EndPass();
        Assert.Equal(1, NotCompleteYetLines);

        var second = TestFiles.Write(Path.Combine(_inbox, "b.zip"), whole[..(whole.Length / 3)]);
        Assert.Equal(InboxVerdict.Hold, triage.Decide("PKUHSC", Quiet(second)).Verdict);
        Assert.Equal(2, NotCompleteYetLines);
        Assert.All(_log.Entries, e => Assert.DoesNotContain(".zip", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_dicom_file_the_codec_finds_cut_short_is_held_and_an_unchanged_held_file_is_not_probed_again()
    {
        var probes = 0;
        var triage = Triage(_ =>
        {
            probes++;
            return CompletenessVerdict.Incomplete(UploadKind.Dicom, "the DICOM file does not parse to its end (at byte 4242)");
        });
        var path = TestFiles.Write(Path.Combine(_inbox, "IM0001.dcm"), TestFiles.Part10(2000));
        var candidate = Quiet(path);

        var decisions = Enumerable.Range(0, 3).Select(_ =>
        {
            var decision = triage.Decide("PKUHSC", candidate);
            triage.EndPass();
            return decision;
        }).ToList();
        File.AppendAllText(path, "resumed");
        var afterChange = triage.Decide("PKUHSC", Quiet(path));

        Assert.All(decisions, d => Assert.Equal(InboxVerdict.Hold, d.Verdict));
        Assert.Equal("the DICOM file does not parse to its end (at byte 4242)", decisions[2].Reason);
        Assert.Equal(InboxVerdict.Hold, afterChange.Verdict);
        Assert.Equal(2, probes);
    }

    [Fact]
    public void A_file_removed_after_the_scan_is_left_to_the_claim_which_finds_it_gone()
    {
        var path = TestFiles.Write(Path.Combine(_inbox, "scan.zip"), WholeZip());
        var candidate = Quiet(path);
        File.Delete(path);

        Assert.Equal(InboxVerdict.Claim, Triage().Decide("PKUHSC", candidate).Verdict);
        Assert.Equal(ClaimStatus.Vanished, new UploadClaimer(_folder.Combine("root", ".dropbox"), _clock).Claim("PKUHSC", candidate).Status);
        Assert.Null(UnixFileStatus.TryLStat(path));
    }
}
