using System.Security.Cryptography;
using DropBox.Daemon.Outbox;

namespace DropBox.Daemon.Tests.Outbox;

public sealed class OutboxPublisherTests : IDisposable
{
    private const string Name = "u-20261122-0f3a9c1b.zip.gpg";
    private readonly string _root = Directory.CreateTempSubdirectory("dbx-outbox-").FullName;
    private readonly string _outbox;
    private readonly string _source;
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(200_000);
    private readonly string _sha;

    public OutboxPublisherTests()
    {
        _outbox = OutboxPublisher.OutboxDirectory(_root, "From_PKUHSC_To_UM", "PKUHSC");
        Directory.CreateDirectory(_outbox);
        _source = Path.Combine(_root, "work.gpg");
        File.WriteAllBytes(_source, _content);
        _sha = Convert.ToHexStringLower(SHA256.HashData(_content));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string[] Entries() => Directory.GetFileSystemEntries(_outbox).Select(Path.GetFileName).ToArray()!;

    [Fact]
    public void The_outbox_folder_is_club_house_direction_gpg_sender()
    {
        Assert.Equal(Path.Combine(_root, "club_house", "From_PKUHSC_To_UM", "gpg-PKUHSC"), _outbox);
    }

    [Fact]
    public void Publishing_puts_an_identical_file_under_the_final_name_and_leaves_no_temp_file()
    {
        var result = new OutboxPublisher(new OutboxOptions()).Publish(_source, _outbox, Name, _sha);

        Assert.False(result.AlreadyPresent);
        Assert.Equal(Path.Combine(_outbox, Name), result.Path);
        Assert.Equal(_content, File.ReadAllBytes(result.Path));
        Assert.Equal([Name], Entries());
        Assert.True(File.Exists(_source), "the source stays until the journal says in outbox");
    }

    [Fact]
    public void Until_the_rename_only_a_complete_hidden_temp_file_exists()
    {
        string? seenTemp = null;
        var publisher = new OutboxPublisher(new OutboxOptions())
        {
            BeforeRename = temp =>
            {
                seenTemp = temp;
                Assert.False(File.Exists(Path.Combine(_outbox, Name)));
                Assert.StartsWith($".{Name}.tmp-", Path.GetFileName(temp), StringComparison.Ordinal);
                Assert.Equal(_content, File.ReadAllBytes(temp));
            },
        };

        publisher.Publish(_source, _outbox, Name, _sha);

        Assert.NotNull(seenTemp);
        Assert.False(File.Exists(seenTemp));
    }

    [Fact]
    public void Publishing_again_after_a_crash_finds_the_identical_file_and_succeeds_without_writing()
    {
        var publisher = new OutboxPublisher(new OutboxOptions());
        publisher.Publish(_source, _outbox, Name, _sha);
        var before = File.GetLastWriteTimeUtc(Path.Combine(_outbox, Name));

        var again = publisher.Publish(_source, _outbox, Name, _sha);

        Assert.True(again.AlreadyPresent);
        Assert.Equal(before, File.GetLastWriteTimeUtc(again.Path));
        Assert.Equal([Name], Entries());
        Assert.True(OutboxPublisher.IsPublished(again.Path, _sha));
    }

    [Fact]
    public void A_different_file_under_the_same_name_is_never_overwritten()
    {
        var existing = Path.Combine(_outbox, Name);
        File.WriteAllText(existing, "someone else's file");

        var error = Assert.Throws<OutboxConflictException>(() => new OutboxPublisher(new OutboxOptions()).Publish(_source, _outbox, Name, _sha));

        Assert.Contains("already holds a different", error.Message, StringComparison.Ordinal);
        Assert.Equal("someone else's file", File.ReadAllText(existing));
        Assert.Equal([Name], Entries());
    }

    [Fact]
    public void A_file_appearing_during_publishing_wins_and_the_temp_file_is_removed()
    {
        var publisher = new OutboxPublisher(new OutboxOptions())
        {
            BeforeRename = _ => File.WriteAllText(Path.Combine(_outbox, Name), "raced in"),
        };

        Assert.Throws<OutboxConflictException>(() => publisher.Publish(_source, _outbox, Name, _sha));

        Assert.Equal("raced in", File.ReadAllText(Path.Combine(_outbox, Name)));
        Assert.Equal([Name], Entries());
    }

    [Fact]
    public void A_source_that_no_longer_matches_its_recorded_hash_is_not_published()
    {
        var wrongSha = new string('0', 64);

        var error = Assert.Throws<IOException>(() => new OutboxPublisher(new OutboxOptions()).Publish(_source, _outbox, Name, wrongSha));

        Assert.Contains("encrypt it again", error.Message, StringComparison.Ordinal);
        Assert.Empty(Entries());
    }

    [Fact]
    public void A_temp_file_left_by_an_interrupted_publish_is_removed()
    {
        File.WriteAllText(Path.Combine(_outbox, $".{Name}.tmp-0123456789ab"), "half");

        new OutboxPublisher(new OutboxOptions()).Publish(_source, _outbox, Name, _sha);

        Assert.Equal([Name], Entries());
    }

    [Fact]
    public void A_missing_outbox_folder_is_an_error_that_says_how_to_create_it()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() =>
            new OutboxPublisher(new OutboxOptions()).Publish(_source, Path.Combine(_root, "nope"), Name, _sha));

        Assert.Contains("dropbox project init", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(".hidden.gpg")]
    [InlineData("a/b.gpg")]
    [InlineData("x*.gpg")]
    [InlineData("x.tmp-1.gpg")]
    public void Names_that_could_escape_the_folder_or_hide_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => new OutboxPublisher(new OutboxOptions()).Publish(_source, _outbox, name, _sha));
        Assert.Empty(Entries());
    }

    [Fact]
    public void A_configured_file_mode_is_applied()
    {
        var result = new OutboxPublisher(new OutboxOptions { FileMode = "0640" }).Publish(_source, _outbox, Name, _sha);

        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(result.Path));
        }
    }
}
