using System.Security.Cryptography;
using DropBox.Daemon.Outbox;
using DropBox.Daemon.Platform;
using DropBox.Daemon.Tests.Intake;

namespace DropBox.Daemon.Tests.Outbox;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class OutboxPublisherRenameTests : IDisposable
{
    private const string Name = "u-20261122-0f3a9c1b.dcm.gpg";
    private readonly string _root = Directory.CreateTempSubdirectory("dbx-outbox-rename-").FullName;
    private readonly string _outbox;
    private readonly string _source;
    private readonly byte[] _content = RandomNumberGenerator.GetBytes(100_000);
    private readonly string _sha;

    public OutboxPublisherRenameTests()
    {
        _outbox = OutboxPublisher.OutboxDirectory(_root, "From_A_To_B", "A");
        Directory.CreateDirectory(_outbox);
        _source = Path.Combine(_root, "work", Name);
        Directory.CreateDirectory(Path.GetDirectoryName(_source)!);
        File.WriteAllBytes(_source, _content);
        File.SetUnixFileMode(_source, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        _sha = Convert.ToHexStringLower(SHA256.HashData(_content));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Final => Path.Combine(_outbox, Name);

    private static OutboxPublisher Publisher(string? mode = null) => new(new OutboxOptions { FileMode = mode });

    [Fact]
    public void Publishing_by_rename_moves_the_ciphertext_itself_leaves_no_temp_and_gives_the_configured_mode()
    {
        var inode = UnixFileStatus.LStat(_source).Inode;

        var result = Publisher("0640").PublishByRename(_source, _outbox, Name, _sha, sourceChecked: true);

        Assert.False(result.AlreadyPresent);
        Assert.Equal([Name], Directory.GetFileSystemEntries(_outbox).Select(Path.GetFileName));
        Assert.False(File.Exists(_source), "moved, not copied");
        Assert.Equal(inode, UnixFileStatus.LStat(Final).Inode);
        Assert.Equal(_content, File.ReadAllBytes(Final));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(Final));
    }

    [Fact]
    public void Without_a_configured_mode_a_renamed_file_gets_the_mode_a_file_created_in_the_outbox_gets()
    {
        var created = Path.Combine(_root, "created-like-a-copy");
        using (File.Create(created))
        {
        }

        Publisher().PublishByRename(_source, _outbox, Name, _sha, sourceChecked: true);

        Assert.Equal(File.GetUnixFileMode(created), File.GetUnixFileMode(Final));
    }

    [DefaultAclFact]
    public void An_outbox_with_a_default_acl_gets_a_copy_that_inherits_it_not_a_renamed_file()
    {
        Assert.True(DefaultAcl.TrySet(_outbox));

        Publisher().PublishByRename(_source, _outbox, Name, _sha, sourceChecked: true);

        Assert.True(File.Exists(_source), "copied: the work-area ciphertext stays until the journal says published");
        Assert.NotEqual(UnixFileStatus.LStat(_source).Inode, UnixFileStatus.LStat(Final).Inode);
        Assert.Equal(_content, File.ReadAllBytes(Final));
        // u::rwx,g::rwx,o::- applied to a new file's 0666: what a receiver in the group needs, which 0600 would deny.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite, File.GetUnixFileMode(Final));
        Assert.Equal([Name], Directory.GetFileSystemEntries(_outbox).Select(Path.GetFileName));
    }

    [RootFact]
    public void A_setgid_outbox_gives_its_group_to_the_renamed_file_as_it_would_to_a_copy()
    {
        const uint group = 4242;
        Assert.True(NativeMethods.LChown(_outbox, uint.MaxValue, group) == 0);
        File.SetUnixFileMode(_outbox, File.GetUnixFileMode(_outbox) | UnixFileMode.SetGroup);

        Publisher().PublishByRename(_source, _outbox, Name, _sha, sourceChecked: true);

        Assert.False(File.Exists(_source));
        Assert.Equal(group, OutboxFolderFacts.GroupOf(Final));
    }

    [Fact]
    public void A_different_file_under_the_final_name_is_never_replaced()
    {
        File.WriteAllText(Final, "someone else's file");

        Assert.Throws<OutboxConflictException>(() => Publisher().PublishByRename(_source, _outbox, Name, _sha, sourceChecked: true));

        Assert.Equal("someone else's file", File.ReadAllText(Final));
        Assert.Equal(_content, File.ReadAllBytes(_source));
    }

    [Fact]
    public void After_a_crash_the_identical_file_already_under_its_final_name_counts_as_published()
    {
        Publisher().PublishByRename(_source, _outbox, Name, _sha, sourceChecked: true);

        var again = Publisher().PublishByRename(_source, _outbox, Name, _sha, sourceChecked: false);

        Assert.True(again.AlreadyPresent);
        Assert.Equal(_content, File.ReadAllBytes(Final));
    }

    [Fact]
    public void A_resumed_ciphertext_that_no_longer_matches_its_journaled_hash_is_not_published()
    {
        File.WriteAllBytes(_source, [.. _content.Take(50_000)]);

        var error = Assert.Throws<IOException>(() => Publisher().PublishByRename(_source, _outbox, Name, _sha, sourceChecked: false));

        Assert.Contains("no longer matches", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFileSystemEntries(_outbox));
    }

    [TwoFilesystemsFact]
    public void A_ciphertext_on_another_filesystem_is_copied_in_instead()
    {
        var shm = Path.Combine("/dev/shm", $"dbx-rename-{Guid.NewGuid():N}.gpg");
        File.WriteAllBytes(shm, _content);
        try
        {
            Publisher().PublishByRename(shm, _outbox, Name, _sha, sourceChecked: true);

            Assert.Equal(_content, File.ReadAllBytes(Final));
            Assert.True(File.Exists(shm));
        }
        finally
        {
            File.Delete(shm);
        }
    }
}
