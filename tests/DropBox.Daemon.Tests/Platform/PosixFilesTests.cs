using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Platform;

public sealed class PosixFilesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dbx-posix-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Rename_without_replace_refuses_an_existing_target_and_keeps_both_files()
    {
        var a = Path.Combine(_dir, "a");
        var b = Path.Combine(_dir, "b");
        File.WriteAllText(a, "A");
        File.WriteAllText(b, "B");

        Assert.False(PosixFiles.TryRenameNoReplace(a, b));

        Assert.Equal("A", File.ReadAllText(a));
        Assert.Equal("B", File.ReadAllText(b));
    }

    [Fact]
    public void Rename_without_replace_moves_to_a_free_name()
    {
        var a = Path.Combine(_dir, "a");
        File.WriteAllText(a, "A");

        Assert.True(PosixFiles.TryRenameNoReplace(a, Path.Combine(_dir, "c")));

        Assert.False(File.Exists(a));
        Assert.Equal("A", File.ReadAllText(Path.Combine(_dir, "c")));
    }

    [Fact]
    public void A_folder_can_be_flushed_and_a_missing_one_gives_an_io_error()
    {
        PosixFiles.FsyncDirectory(_dir);

        Assert.Throws<IOException>(() => PosixFiles.FsyncDirectory(Path.Combine(_dir, "missing")));
    }

    [Fact]
    public void The_throwing_rename_refuses_an_existing_target_with_an_io_error_that_names_no_path()
    {
        var a = Path.Combine(_dir, "Doe^John.dcm");
        var b = Path.Combine(_dir, "b");
        File.WriteAllText(a, "A");
        File.WriteAllText(b, "B");

        var error = Assert.Throws<IOException>(() => PosixFiles.RenameNoReplace(a, b));

        Assert.DoesNotContain("Doe", error.Message, StringComparison.Ordinal);
        Assert.Equal("A", File.ReadAllText(a));
    }

    [Fact]
    public void A_vanished_source_is_a_file_not_found_error()
    {
        Assert.Throws<FileNotFoundException>(() => PosixFiles.RenameNoReplace(Path.Combine(_dir, "gone"), Path.Combine(_dir, "c")));
    }

    [Fact]
    public void A_symlink_is_moved_as_itself_not_followed()
    {
        var target = Path.Combine(_dir, "target");
        File.WriteAllText(target, "T");
        var link = Path.Combine(_dir, "link");
        File.CreateSymbolicLink(link, target);

        PosixFiles.RenameNoReplace(link, Path.Combine(_dir, "moved"));

        Assert.Equal(UnixFileKind.Symlink, UnixFileStatus.LStat(Path.Combine(_dir, "moved")).Kind);
        Assert.Equal("T", File.ReadAllText(target));
    }
}
