using DropBox.Daemon.Intake;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Receipts;
using DropBox.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Tests.Notifications;

/// <summary>Receipts live beside the inbox, are written whole with the configured mode, never through a link, are
/// never taken for an upload, and expire after <see cref="ReceiptOptions.KeepFor"/>.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ReceiptWriterTests : IDisposable
{
    private readonly TempDir _dir = new("dbx-receipts");
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);
    private readonly string _root;

    public ReceiptWriterTests()
    {
        _root = _dir.CreateDirectory("ji_p");
        _dir.CreateDirectory("ji_p", "S", "gpg");
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_receipt_is_written_beside_the_inbox_with_the_configured_mode_and_updated_in_place()
    {
        var writer = Writer(new ReceiptOptions { FileMode = "0640" });
        var id = UploadId.New(_clock);

        writer.Write(new Receipt("p", "S", id, _clock.GetUtcNow(), "Scan\nResult: SENT ON.zip", 1234, null));
        writer.Write(new Receipt("p", "S", id, _clock.GetUtcNow(), null, 1234, "ab") with { Held = [new HeldFile("q-1", "not-dicom")] });

        var path = Path.Combine(_root, "S", "receipts", id + ".txt");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(path));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        Assert.Equal([path], Directory.GetFiles(Path.GetDirectoryName(path)!));
        var text = File.ReadAllText(path);
        Assert.Contains("HELD", text, StringComparison.Ordinal);
        Assert.Contains("not-dicom: " + DropBox.Daemon.Quarantine.ReasonCatalog.SenderAdvice("not-dicom"), text, StringComparison.Ordinal);
    }

    [Fact]
    public void An_uploaded_name_with_a_line_break_cannot_forge_a_line_and_is_read_back_as_written()
    {
        var writer = Writer(new ReceiptOptions());
        var id = UploadId.New(_clock);
        writer.Write(new Receipt("p", "S", id, _clock.GetUtcNow(), "Scan\nResult: SENT ON.zip", 1, null));

        var text = File.ReadAllText(writer.PathOf("S", id));
        Assert.DoesNotContain("\nResult: SENT ON", text, StringComparison.Ordinal);
        Assert.Equal("Scan?Result: SENT ON.zip", writer.ReadBack("S", id).Name);
    }

    [Fact]
    public void A_receipts_folder_replaced_by_a_link_is_never_written_through()
    {
        var elsewhere = _dir.CreateDirectory("elsewhere");
        File.CreateSymbolicLink(Path.Combine(_root, "S", "receipts"), elsewhere);

        Writer(new ReceiptOptions()).Write(new Receipt("p", "S", UploadId.New(_clock), _clock.GetUtcNow(), "scan.zip", 1, null));

        Assert.Empty(Directory.GetFileSystemEntries(elsewhere));
    }

    [Fact]
    public void Receipts_older_than_KeepFor_are_deleted_and_other_files_stay()
    {
        var writer = Writer(new ReceiptOptions { KeepFor = TimeSpan.FromDays(30) });
        var old = UploadId.New(_clock);
        writer.Write(new Receipt("p", "S", old, _clock.GetUtcNow(), "old.zip", 1, null));
        File.SetLastWriteTimeUtc(writer.PathOf("S", old), _clock.GetUtcNow().UtcDateTime.AddDays(-31));
        var fresh = UploadId.New(_clock);
        writer.Write(new Receipt("p", "S", fresh, _clock.GetUtcNow(), "new.zip", 1, null));
        var notes = _dir.WriteFile("ji_p/S/receipts/notes.txt", "the sender's own file");
        File.SetLastWriteTimeUtc(notes, _clock.GetUtcNow().UtcDateTime.AddDays(-100));

        Assert.Equal(1, writer.Expire(["S"]));

        Assert.False(File.Exists(writer.PathOf("S", old)));
        Assert.True(File.Exists(writer.PathOf("S", fresh)));
        Assert.True(File.Exists(notes));
    }

    [Fact]
    public void A_receipt_temp_file_left_by_a_kill_goes_once_it_is_minutes_old_not_after_KeepFor()
    {
        var writer = Writer(new ReceiptOptions { KeepFor = TimeSpan.FromDays(30) });
        var id = UploadId.New(_clock);
        writer.Write(new Receipt("p", "S", id, _clock.GetUtcNow(), "scan.zip", 1, null));
        var left = _dir.WriteFile($"ji_p/S/receipts/.{id}.txt.0123456789abcdef0123456789abcdef.tmp", "half a recei");
        File.SetLastWriteTimeUtc(left, _clock.GetUtcNow().UtcDateTime);

        Assert.Equal(0, writer.Expire(["S"]));
        _clock.Advance(ReceiptWriter.AbandonedTempAge + TimeSpan.FromSeconds(1));
        Assert.Equal(1, writer.Expire(["S"]));

        Assert.False(File.Exists(left));
        Assert.True(File.Exists(writer.PathOf("S", id)));
    }

    [Fact]
    public void The_inbox_scanner_never_sees_a_receipt_as_an_upload()
    {
        var writer = Writer(new ReceiptOptions());
        writer.Write(new Receipt("p", "S", UploadId.New(_clock), _clock.GetUtcNow(), "scan.zip", 1, null));
        _clock.Advance(TimeSpan.FromHours(1));
        var options = new ProjectOptions { Root = _root, Senders = ["S"] };

        var scan = new InboxScanner(_clock).Scan(options.InboxOf("S"), TimeSpan.FromMinutes(2));

        Assert.Empty(scan.Complete);
        Assert.Empty(scan.Refused);
        Assert.Equal(0, scan.Waiting);
    }

    [Theory]
    [InlineData("0750")]
    [InlineData("4640")]
    [InlineData("rw-r")]
    public void An_executable_or_unreadable_mode_is_a_configuration_error(string mode) =>
        Assert.Contains(new ReceiptOptions { FileMode = mode }.Validate("p: Receipts"), e => e.Contains("FileMode", StringComparison.Ordinal));

    private ReceiptWriter Writer(ReceiptOptions options) => new(_root, options, _clock, NullLogger.Instance);
}
