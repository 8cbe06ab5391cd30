using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;

namespace DropBox.Daemon.Tests.Journal;

public sealed class UploadJournalBatchTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dbx-journal-batch-").FullName;
    private readonly UploadJournal _journal;
    private readonly UploadJournal _otherProcess;

    public UploadJournalBatchTests()
    {
        var path = Path.Combine(_root, "journal.db");
        _journal = new UploadJournal(path, TimeProvider.System);
        // A second connection to the same file: what the CLI beside the daemon, or the daemon after a crash, sees.
        _otherProcess = new UploadJournal(path, TimeProvider.System);
    }

    public void Dispose()
    {
        _journal.Dispose();
        _otherProcess.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    [Fact]
    public void A_batch_of_writes_reaches_the_file_as_one_commit_when_the_batch_ends()
    {
        string?[] seenInside = [];
        _journal.Batch(() =>
        {
            foreach (var id in new[] { "u-1", "u-2", "u-3" })
            {
                _journal.Insert(id, "p", "A", UploadKind.Dicom, 10);
                _journal.SetState(id, UploadState.Claimed);
            }
            seenInside = [.. new[] { "u-1", "u-2", "u-3" }.Select(id => _otherProcess.Get(id)?.Id)];
            Assert.Equal(UploadState.Claimed, _journal.Get("u-3")!.State);   // the batch reads its own writes
        });

        Assert.All(seenInside, Assert.Null);
        Assert.Equal(["u-1", "u-2", "u-3"], _otherProcess.All("p").Select(u => u.Id));
        Assert.All(_otherProcess.All("p"), u => Assert.Equal(UploadState.Claimed, u.State));
    }

    [Fact]
    public void A_batch_that_fails_part_way_leaves_none_of_its_writes_and_rethrows()
    {
        _journal.Insert("u-0", "p", "A", UploadKind.Dicom, 10);

        var error = Assert.Throws<InvalidOperationException>(() => _journal.Batch(() =>
        {
            _journal.SetState("u-0", UploadState.Done);
            _journal.Insert("u-1", "p", "A", UploadKind.Dicom, 10);
            throw new InvalidOperationException("disk full");
        }));

        Assert.Equal("disk full", error.Message);
        Assert.Null(_otherProcess.Get("u-1"));
        Assert.Equal(UploadState.Claiming, _otherProcess.Get("u-0")!.State);
        _journal.SetState("u-0", UploadState.Claimed);   // the connection is usable again, outside any batch
        Assert.Equal(UploadState.Claimed, _otherProcess.Get("u-0")!.State);
    }

    [Fact]
    public void A_batch_inside_a_batch_joins_the_outer_one()
    {
        _journal.Batch(() =>
        {
            _journal.Insert("u-1", "p", "A", UploadKind.Zip, 10);
            _journal.Batch(() => _journal.SetEncrypted("u-1", "u-1.zip.gpg", "ab", "F1,F2", 3, 1));
            Assert.Null(_otherProcess.Get("u-1"));
        });

        var row = _otherProcess.Get("u-1")!;
        Assert.Equal(UploadState.Encrypted, row.State);
        Assert.Equal(["F1", "F2"], _otherProcess.RecipientsOf("u-1"));
    }
}
