using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Pipeline;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Tests.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Tests.Pipeline;

/// <summary>Kept originals and old quarantine items go when their retention runs out, judged on a hand-moved clock.</summary>
public sealed class RetentionSweeperTests : IDisposable
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);
    private readonly string _root = Directory.CreateTempSubdirectory("dropbox-retention-").FullName;
    private readonly FakeTimeProvider _clock = new(T);
    private readonly UploadJournal _journal;
    private readonly ProjectOptions _options;
    private readonly DropBoxOptions _global;

    public RetentionSweeperTests()
    {
        _global = new DropBoxOptions { StateDirectory = Path.Combine(_root, "state") };
        _options = new ProjectOptions { Root = Path.Combine(_root, "ji_liver"), Direction = "From_A_To_B", Senders = ["PKUHSC"] };
        _options.Deidentify.Project = "liver";
        _global.Projects["liver"] = _options;
        _journal = new UploadJournal(Path.Combine(_root, "state", "journal.db"), _clock);
    }

    public void Dispose()
    {
        _journal.Dispose();
        Directory.Delete(_root, recursive: true);
    }

    private (int Originals, int QuarantineItems) Sweep() =>
        new ProjectRuntime("liver", _options, _global, _clock, NullLoggerFactory.Instance).CreateSweeper(_journal, NullLogger.Instance).Sweep();

    /// <summary>An upload folder as the pipeline leaves it with KeepOriginalsFor set: original + claim.json.</summary>
    private string KeptUpload(string id, UploadState state)
    {
        var directory = Path.Combine(_options.EffectiveWorkDirectory, "uploads", id);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, ClaimedUpload.OriginalFileName), "original bytes");
        new ClaimedUpload(id, "PKUHSC", _clock.GetUtcNow(), 14, null) { Directory = directory }.Save();
        _journal.Insert(id, "liver", "PKUHSC", UploadKind.Dicom, 14);
        _journal.SetState(id, state);
        return directory;
    }

    [Fact]
    public void A_kept_original_stays_until_KeepOriginalsFor_has_passed_since_it_was_done_then_goes()
    {
        _options.KeepOriginalsFor = TimeSpan.FromDays(7);
        var done = KeptUpload("u-20261122080000-0000000a", UploadState.Done);

        _clock.AdjustTime(T + TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.Equal((0, 0), Sweep());
        Assert.True(File.Exists(Path.Combine(done, ClaimedUpload.OriginalFileName)));

        _clock.AdjustTime(T + TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        Assert.Equal((1, 0), Sweep());
        Assert.False(Directory.Exists(done));
    }

    [Fact]
    public void Unfinished_and_unjournaled_uploads_are_never_swept_however_old()
    {
        var waiting = KeptUpload("u-20261122080000-0000000b", UploadState.Waiting);
        var encrypted = KeptUpload("u-20261122080000-0000000c", UploadState.Encrypted);
        var unknown = Path.Combine(_options.EffectiveWorkDirectory, "uploads", "u-20261122080000-0000000d");
        Directory.CreateDirectory(unknown);

        _clock.AdjustTime(T + TimeSpan.FromDays(365));
        Assert.Equal((0, 0), Sweep());

        Assert.True(Directory.Exists(waiting));
        Assert.True(Directory.Exists(encrypted));
        Assert.True(Directory.Exists(unknown));
    }

    [Fact]
    public void Quarantine_items_older_than_QuarantineRetention_are_purged_and_kept_forever_when_it_is_not_set()
    {
        var store = new QuarantineStore(_options.EffectiveWorkDirectory, _clock);
        var source = Path.Combine(_root, "refused.bin");
        File.WriteAllText(source, "x");
        var old = store.Put("PKUHSC", null, source, new QuarantineReason(ReasonCatalog.NotDicom, "not DICOM"));
        _clock.AdjustTime(T + TimeSpan.FromDays(20));
        File.WriteAllText(source, "y");
        var recent = store.Put("PKUHSC", null, source, new QuarantineReason(ReasonCatalog.NotDicom, "not DICOM"));

        _clock.AdjustTime(T + TimeSpan.FromDays(31));
        Assert.Equal((0, 0), Sweep());
        Assert.Equal(2, store.List().Count);

        _options.QuarantineRetention = TimeSpan.FromDays(30);
        Assert.Equal((0, 1), Sweep());
        Assert.Null(store.Show(old.Id));
        Assert.NotNull(store.Show(recent.Id));
    }
}
