using DropBox.Daemon.Intake;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Intake;

public sealed class InboxScannerTests : IDisposable
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMinutes(2);
    private readonly TempFolder _folder = new();
    // Real file times, so "now" starts at the real time; the tests set it relative to a file's change time, back
    // as well as forth (AdjustTime, not SetUtcNow, which refuses to go back).
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly string _inbox;

    public InboxScannerTests()
    {
        _inbox = _folder.Dir("root", "PKUHSC", "gpg");
    }

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void A_regular_file_quiet_for_the_quiet_period_is_a_complete_candidate()
    {
        var file = TestFiles.Write(Path.Combine(_inbox, "scan.dcm"), TestFiles.Part10());
        _clock.AdjustTime(TestFiles.QuietAfter(file, Quiet));

        var scan = new InboxScanner(_clock).Scan(_inbox, Quiet);

        var candidate = Assert.Single(scan.Complete);
        Assert.Equal(file, candidate.Path);
        Assert.Equal(new FileInfo(file).Length, candidate.Status.Size);
        Assert.Empty(scan.Refused);
    }

    [Fact]
    public void A_file_written_within_the_quiet_period_is_waiting()
    {
        var file = TestFiles.Write(Path.Combine(_inbox, "scan.dcm"), TestFiles.Part10());
        _clock.AdjustTime(UnixFileStatus.LStat(file).LastChangeUtc + Quiet - TimeSpan.FromSeconds(1));

        var scan = new InboxScanner(_clock).Scan(_inbox, Quiet);

        Assert.Empty(scan.Complete);
        Assert.Equal(1, scan.Waiting);
    }

    [Fact]
    public void A_file_written_a_chunk_at_a_time_for_longer_than_the_quiet_period_is_waiting_until_the_last_chunk_has_been_quiet()
    {
        var file = Path.Combine(_inbox, "slow.zip");
        var scanner = new InboxScanner(_clock);
        using (var writer = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.ReadWrite))
        {
            for (var chunk = 0; chunk < 6; chunk++)
            {
                writer.Write(new byte[1000]);
                writer.Flush();
                // Pretend each chunk arrives 1 s after the previous one and the upload has run for minutes:
                // the scanner only ever compares "now" with the file's real last change.
                _clock.AdjustTime(UnixFileStatus.LStat(file).LastChangeUtc + TimeSpan.FromSeconds(1));
                Assert.Empty(scanner.Scan(_inbox, Quiet).Complete);
            }
        }

        _clock.AdjustTime(TestFiles.QuietAfter(file, Quiet));
        Assert.Equal(6000, Assert.Single(scanner.Scan(_inbox, Quiet).Complete).Status.Size);
    }

    [Fact]
    public void A_client_that_restores_an_old_mtime_does_not_make_a_fresh_file_look_quiet()
    {
        var file = TestFiles.Write(Path.Combine(_inbox, "scan.dcm"), TestFiles.Part10());
        var now = DateTimeOffset.UtcNow;
        File.SetLastWriteTimeUtc(file, now.UtcDateTime.AddDays(-30)); // FileZilla "preserve timestamps"
        _clock.AdjustTime(now + TimeSpan.FromSeconds(5));

        var scan = new InboxScanner(_clock).Scan(_inbox, Quiet);

        Assert.Empty(scan.Complete);
        Assert.Equal(1, scan.Waiting);
    }

    [Theory]
    [InlineData("scan.zip.filepart")]
    [InlineData("scan.part")]
    [InlineData("scan.dcm.PARTIAL")]
    [InlineData("scan.abcd1234.partial")]
    [InlineData("scan.tmp")]
    [InlineData(".scan.dcm")]
    [InlineData(".sftpgo-upload.1234.scan.zip")]
    public void Temp_names_and_dotfiles_are_ignored(string name)
    {
        var file = TestFiles.Write(Path.Combine(_inbox, name), TestFiles.Part10());
        _clock.AdjustTime(TestFiles.QuietAfter(file, Quiet));

        var scan = new InboxScanner(_clock).Scan(_inbox, Quiet);

        Assert.Empty(scan.Complete);
        Assert.Empty(scan.Refused);
        Assert.Equal(1, scan.Ignored);
    }

    [Fact]
    public void Files_under_a_dot_directory_are_ignored()
    {
        var file = TestFiles.Write(Path.Combine(_inbox, ".incoming", "scan.dcm"), TestFiles.Part10());
        _clock.AdjustTime(TestFiles.QuietAfter(file, Quiet));

        Assert.Empty(new InboxScanner(_clock).Scan(_inbox, Quiet).Complete);
    }

    [Fact]
    public void Each_file_in_an_uploaded_folder_tree_is_its_own_candidate()
    {
        TestFiles.Write(Path.Combine(_inbox, "study", "series1", "a.dcm"), TestFiles.Part10());
        TestFiles.Write(Path.Combine(_inbox, "study", "series2", "b.dcm"), TestFiles.Part10());
        var last = TestFiles.Write(Path.Combine(_inbox, "c.zip"), [1, 2, 3]);
        _clock.AdjustTime(TestFiles.QuietAfter(last, Quiet));

        var scan = new InboxScanner(_clock).Scan(_inbox, Quiet);

        Assert.Equal(3, scan.Complete.Count);
    }

    [Fact]
    public void A_symlink_is_refused_and_never_followed()
    {
        var outside = _folder.Dir("outside");
        var secret = TestFiles.Write(Path.Combine(outside, "secret.dcm"), TestFiles.Part10());
        File.CreateSymbolicLink(Path.Combine(_inbox, "link.dcm"), secret);
        Directory.CreateSymbolicLink(Path.Combine(_inbox, "linkdir"), outside);
        _clock.AdjustTime(TestFiles.QuietAfter(secret, Quiet) + TimeSpan.FromMinutes(10));

        var scan = new InboxScanner(_clock).Scan(_inbox, Quiet);

        Assert.Empty(scan.Complete); // the linked directory was not descended
        Assert.Equal(2, scan.Refused.Count);
        Assert.All(scan.Refused, r => Assert.Equal(ReasonCatalog.Symlink, r.ReasonCode));
        Assert.All(scan.Refused, r => Assert.Equal(UnixFileKind.Symlink, r.Kind));
    }

    [Fact]
    public async Task A_fifo_is_refused_as_a_special_file_and_the_scan_does_not_block_on_it()
    {
        TestFiles.MakeFifo(Path.Combine(_inbox, "pipe.dcm"));
        _clock.AdjustTime(DateTimeOffset.UtcNow + TimeSpan.FromHours(1));

        // WaitAsync throws TimeoutException if the scan blocks on the FIFO.
        var scan = await Task.Run(() => new InboxScanner(_clock).Scan(_inbox, Quiet)).WaitAsync(TimeSpan.FromSeconds(30));

        var refused = Assert.Single(scan.Refused);
        Assert.Equal(UnixFileKind.Fifo, refused.Kind);
        Assert.Equal(ReasonCatalog.SpecialFile, refused.ReasonCode);
        Assert.Empty(scan.Complete);
    }

    [Fact]
    public void A_missing_inbox_gives_an_empty_scan()
    {
        var scan = new InboxScanner(_clock).Scan(_folder.Combine("nowhere"), Quiet);

        Assert.Empty(scan.Complete);
        Assert.Equal(0, scan.Waiting);
    }

    [Fact]
    public void An_inbox_that_is_itself_a_symlink_is_refused_with_an_explanation()
    {
        var linked = _folder.Combine("root", "OTHER");
        Directory.CreateSymbolicLink(linked, _inbox);

        var error = Assert.Throws<IOException>(() => new InboxScanner(_clock).Scan(linked, Quiet));

        Assert.Contains("never follows links", error.Message, StringComparison.Ordinal);
    }
}
