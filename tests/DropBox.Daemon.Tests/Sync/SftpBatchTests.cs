using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Tests.Sync;

public sealed class SftpBatchTests
{
    [Theory]
    [InlineData("/srv/in/a b.gpg", "\"/srv/in/a b.gpg\"")]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData(@"back\slash", "\"back\\\\slash\"")]
    [InlineData("glob*[x]?", "\"glob*[x]?\"")]
    public void Paths_are_double_quoted_with_quotes_and_backslashes_escaped(string path, string quoted)
    {
        Assert.Equal(quoted, SftpBatch.Quote(path));
    }

    [Fact]
    public void A_path_with_a_newline_is_refused_so_a_file_name_can_never_inject_a_command()
    {
        Assert.Throws<ArgumentException>(() => SftpBatch.Quote("a\nrm -r /"));
    }

    [Theory]
    [InlineData("-rw-r--r--    ? 0        0         5242880 Jan  1 00:00 /srv/in/big 5MB.gpg", 5242880)]
    [InlineData("-rw-------    1 1000     1000            0 Nov 22  2025 /x/empty", 0)]
    public void The_size_column_of_an_ls_line_is_read_even_when_the_name_has_spaces(string line, long size)
    {
        Assert.True(SftpBatch.TryParseListingSize(line, out var parsed));
        Assert.Equal(size, parsed);
    }

    [Fact]
    public void Output_is_split_per_command_by_the_echo_lines()
    {
        var outputs = SftpBatch.SplitByCommand("sftp> -ls -ln \"/a\"\n-rw-r--r--    ? 0 0 3 Jan  1 00:00 /a\nsftp> -ls -ln \"/b\"\n");
        Assert.Equal(2, outputs.Count);
        Assert.Single(outputs[0]);
        Assert.Empty(outputs[1]);
    }

    [Fact]
    public void Temp_names_sit_beside_the_final_name_and_directories_come_parents_first()
    {
        Assert.Equal("gpg-A/sub/.x.gpg.partial", RemotePaths.TempFor("gpg-A/sub/x.gpg"));
        Assert.Equal(".MANIFEST.sha256.partial", RemotePaths.TempFor("MANIFEST.sha256"));
        Assert.Equal(["a", "a b", "a/b", "a/b/c"], RemotePaths.DirectoriesOf(["a/b/c/f", "a b/g", "a/h"]));
    }

    [Fact]
    public void Error_texts_lose_quoted_and_absolute_paths()
    {
        Assert.Equal("dest open \"<path>\": Failure; stat <path>", SyncErrors.RedactPaths("dest open \"/srv/in/Doe John.gpg\": Failure; stat /home/x/Doe"));
    }
}
