using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Pipeline;

namespace DropBox.Daemon.Tests.Pipeline;

public sealed class PassRoundsTests
{
    private static UploadRecord Upload(int n, long size) => new(
        $"u-20261202120000-{n:x8}", "p", "S", UploadKind.Dicom, size, null, UploadState.Claimed, null, 0,
        DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, 0, 0);

    [Fact]
    public void A_backlog_is_split_into_rounds_of_at_most_the_upload_count_keeping_journal_order()
    {
        var uploads = Enumerable.Range(1, 300).Select(n => Upload(n, 330_000)).ToList();

        var rounds = PassRounds.Of(uploads, maxUploads: 128).ToList();

        Assert.Equal([128, 128, 44], rounds.Select(r => r.Count));
        Assert.Equal(uploads, rounds.SelectMany(r => r));
    }

    [Fact]
    public void Large_uploads_close_a_round_by_bytes_and_one_larger_than_the_limit_gets_a_round_of_its_own()
    {
        var uploads = new[] { Upload(1, 300), Upload(2, 300), Upload(3, 5_000), Upload(4, 100) };

        var rounds = PassRounds.Of(uploads, maxUploads: 100, maxBytes: 1_000).ToList();

        Assert.Equal([[1, 2], [3], [4]], rounds.Select(r => r.Select(u => int.Parse(u.Id[^8..], System.Globalization.NumberStyles.HexNumber)).ToArray()));
    }

    [Fact]
    public void Nothing_to_do_gives_no_round()
    {
        Assert.Empty(PassRounds.Of([]));
    }
}
