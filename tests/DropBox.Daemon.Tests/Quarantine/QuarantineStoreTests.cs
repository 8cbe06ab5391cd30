using System.Security.Cryptography;
using System.Text.Json;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Tests.Intake;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Quarantine;

public sealed class QuarantineStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 22, 8, 0, 0, TimeSpan.Zero));
    private readonly string _work;
    private readonly QuarantineStore _store;

    public QuarantineStoreTests()
    {
        _work = _folder.Combine("root", ".dropbox");
        _store = new QuarantineStore(_work, _clock);
    }

    public void Dispose() => _folder.Dispose();

    private string WorkFile(string name, byte[]? content = null) =>
        TestFiles.Write(Path.Combine(_work, "uploads", "u-20261122080000-00000001", name), content ?? TestFiles.Part10());

    [Fact]
    public void Put_moves_the_file_into_a_private_item_folder_with_a_reason_that_names_no_file()
    {
        var content = TestFiles.Part10(999);
        var source = WorkFile("Doe^John_1950-01-01.dcm", content);

        var item = _store.Put("PKUHSC", "u-20261122080000-00000001", source, new QuarantineReason(ReasonCatalog.NotDicom, "The member is not DICOM."));

        Assert.False(File.Exists(source));
        Assert.Equal(content, File.ReadAllBytes(item.FilePath));
        Assert.Equal(Path.Combine(_work, "quarantine", "PKUHSC", item.Id), item.Directory);
        Assert.Equal(PrivateFiles.PrivateDirectoryMode, UnixFileStatus.LStat(item.Directory).Permissions);
        var json = File.ReadAllText(Path.Combine(item.Directory, QuarantineItem.ReasonFileName));
        Assert.DoesNotContain("Doe", json, StringComparison.Ordinal);
        Assert.DoesNotContain("1950", json, StringComparison.Ordinal);
        Assert.DoesNotContain(Directory.GetFileSystemEntries(Path.Combine(_work, "quarantine"), "*", SearchOption.AllDirectories), p => p.Contains("Doe", StringComparison.Ordinal));
        using var reason = JsonDocument.Parse(json);
        var root = reason.RootElement;
        Assert.Equal("not-dicom", root.GetProperty("code").GetString());
        Assert.Equal("The member is not DICOM.", root.GetProperty("message").GetString());
        Assert.Equal("u-20261122080000-00000001", root.GetProperty("uploadId").GetString());
        Assert.Equal("PKUHSC", root.GetProperty("sender").GetString());
        Assert.Equal(_clock.GetUtcNow(), root.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), root.GetProperty("sha256").GetString());
        Assert.Equal(content.Length, root.GetProperty("size").GetInt64());
        Assert.Equal("regular", root.GetProperty("kind").GetString());
    }

    [Fact]
    public void An_item_folder_a_kill_left_before_its_reason_was_written_goes_once_old_and_a_real_item_stays()
    {
        var real = _store.Put("PKUHSC", null, WorkFile("a.dcm"), new QuarantineReason(ReasonCatalog.NotDicom, "x"));
        var killed = _folder.Dir("root", ".dropbox", "quarantine", "PKUHSC", "q-20261122075000-0badf00d");
        File.WriteAllText(Path.Combine(killed, QuarantineItem.ReasonFileName + ".tmp-4242"), "{");
        var young = _folder.Dir("root", ".dropbox", "quarantine", "PKUHSC", "q-20261122075959-0badf00e");
        var now = _clock.GetUtcNow().UtcDateTime;
        foreach (var folder in new[] { killed, real.Directory })
        {
            Directory.SetLastWriteTimeUtc(folder, now.AddMinutes(-5));
        }
        Directory.SetLastWriteTimeUtc(young, now);

        Assert.Equal(1, _store.RemoveUnexplained(TimeSpan.FromMinutes(1)));

        Assert.False(Directory.Exists(killed));
        Assert.True(Directory.Exists(young));
        Assert.Equal(real.Id, Assert.Single(_store.List()).Id);
    }

    [Fact]
    public void A_refused_symlink_is_moved_as_a_link_and_its_target_is_untouched()
    {
        var target = TestFiles.Write(_folder.Combine("outside", "secret.txt"), "do not touch"u8.ToArray());
        var inbox = _folder.Dir("root", "PKUHSC", "gpg");
        var link = Path.Combine(inbox, "link.dcm");
        File.CreateSymbolicLink(link, target);

        var item = _store.Put("PKUHSC", null, link, new QuarantineReason(ReasonCatalog.Symlink, "A symbolic link in the inbox was refused."));

        Assert.False(File.Exists(link));
        Assert.Equal(UnixFileKind.Symlink, UnixFileStatus.LStat(item.FilePath).Kind);
        Assert.Equal("do not touch", File.ReadAllText(target));
        Assert.Null(item.Sha256);
        Assert.Equal("symlink", item.Kind);
        Assert.Throws<InvalidOperationException>(() => _store.Retry(item.Id));
    }

    [Fact]
    public async Task A_refused_fifo_is_moved_without_being_opened()
    {
        var inbox = _folder.Dir("root", "PKUHSC", "gpg");
        var fifo = Path.Combine(inbox, "pipe");
        TestFiles.MakeFifo(fifo);

        var item = await Task.Run(() => _store.Put("PKUHSC", null, fifo, new QuarantineReason(ReasonCatalog.SpecialFile, "A FIFO in the inbox was refused.")))
            .WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(UnixFileKind.Fifo, UnixFileStatus.LStat(item.FilePath).Kind);
        Assert.Null(item.Sha256);
    }

    [Fact]
    public void List_show_and_purge_find_items_by_sender_and_id()
    {
        var first = _store.Put("PKUHSC", null, WorkFile("a"), new QuarantineReason(ReasonCatalog.ZipBomb, "m"));
        _clock.Advance(TimeSpan.FromMinutes(1));
        var second = _store.Put("UM", null, WorkFile("b"), new QuarantineReason(ReasonCatalog.ZipSlip, "m"));

        Assert.Equal([first.Id, second.Id], _store.List().Select(i => i.Id));
        Assert.Equal([second.Id], _store.List("UM").Select(i => i.Id));
        Assert.Equal(ReasonCatalog.ZipSlip, _store.Show(second.Id)!.Code);
        Assert.Null(_store.Show("q-20990101000000-00000000"));
        Assert.Null(_store.Show("../../etc"));

        Assert.True(_store.Purge(first.Id));
        Assert.False(_store.Purge(first.Id));
        Assert.Equal([second.Id], _store.List().Select(i => i.Id));
    }

    [Fact]
    public void Purge_by_age_removes_only_older_items()
    {
        var old = _store.Put("PKUHSC", null, WorkFile("a"), new QuarantineReason(ReasonCatalog.ZipBomb, "m"));
        _clock.Advance(TimeSpan.FromDays(10));
        var recent = _store.Put("PKUHSC", null, WorkFile("b"), new QuarantineReason(ReasonCatalog.ZipBomb, "m"));
        _clock.Advance(TimeSpan.FromDays(1));

        Assert.Equal(1, _store.Purge(TimeSpan.FromDays(7)));

        Assert.Equal([recent.Id], _store.List().Select(i => i.Id));
        Assert.False(Directory.Exists(old.Directory));
    }

    [Fact]
    public void Retry_sends_the_file_to_the_retry_area_where_the_intake_claims_it_as_a_new_upload()
    {
        var content = TestFiles.Part10(123);
        var item = _store.Put("PKUHSC", "u-20261122080000-00000001", WorkFile("original", content), new QuarantineReason(ReasonCatalog.IncompleteUpload, "m"));

        var retried = _store.Retry(item.Id);

        Assert.Equal(Path.Combine(_store.Retries.DirectoryOf("PKUHSC"), item.Id), retried);
        Assert.Empty(_store.List());
        var request = Assert.Single(_store.Retries.Pending("PKUHSC"));
        Assert.Equal(item.Id, request.ItemId);
        var claim = new UploadClaimer(_work, _clock).Claim("PKUHSC", new UploadCandidate(request.Path, request.Status), retryOf: request.ItemId);
        Assert.Equal(ClaimStatus.Claimed, claim.Status);
        Assert.Equal(item.Id, claim.Upload!.RetryOf);
        Assert.Equal(content, File.ReadAllBytes(claim.Upload.OriginalPath));
        Assert.Throws<KeyNotFoundException>(() => _store.Retry(item.Id));
    }

    [Fact]
    public void Retry_of_a_plain_file_held_in_club_house_is_refused_and_tells_the_admin_to_have_it_uploaded_to_the_gpg_inbox()
    {
        var item = _store.Put("club_house", null, WorkFile("held", TestFiles.Part10()), new QuarantineReason(ReasonCatalog.PlainDicomInClubHouse, "m"));

        var refused = Assert.Throws<InvalidOperationException>(() => _store.Retry(item.Id));

        Assert.Contains("gpg/", refused.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be retried", refused.Message, StringComparison.Ordinal);
        Assert.True(File.Exists(item.FilePath), "the item stays in the quarantine");
        Assert.False(Directory.Exists(_store.Retries.DirectoryOf("club_house")));
        Assert.Contains(ReasonCatalog.PlainDicomInClubHouse, ReasonCatalog.All);
    }

    [Fact]
    public void A_malformed_reason_code_or_sender_is_rejected()
    {
        var source = WorkFile("a");

        Assert.Throws<ArgumentException>(() => _store.Put("PKUHSC", null, source, new QuarantineReason("Has Spaces", "m")));
        Assert.Throws<ArgumentException>(() => _store.Put("..", null, source, new QuarantineReason(ReasonCatalog.ZipBomb, "m")));
        Assert.True(File.Exists(source));
    }

    [Fact]
    public void Every_reason_code_is_distinct_and_well_formed()
    {
        Assert.Equal(ReasonCatalog.All.Count, ReasonCatalog.All.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(19, ReasonCatalog.All.Count); // 16 before issue 11, plus malformed-value and plain-dicom-in-club-house; burned-in-text-found (issue 12)
        Assert.Contains("malformed-value", ReasonCatalog.All);
        Assert.All(ReasonCatalog.All, code => Assert.Matches("^[a-z0-9-]+$", code));
        Assert.True(ReasonCatalog.IsKnown("patient-id-conflict"));
        Assert.False(ReasonCatalog.IsKnown("nope"));
    }
}
