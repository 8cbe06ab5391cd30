using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

/// <summary>`dropbox quarantine list|show|retry|purge` run as the real program against a quarantine laid out on disk.</summary>
public sealed class QuarantineCommandsTests
{
    private const string Old = "q-20200101080000-0000000a";
    private const string Recent = "q-20261101080000-0000000b";

    [Fact]
    public void List_shows_id_sender_code_upload_and_size_and_filters_by_sender()
    {
        using var bed = new AdminBed();
        bed.Quarantine("PKUHSC", Old, "not-dicom", DateTimeOffset.UtcNow.AddDays(-400));
        bed.Quarantine("PKUPH", Recent, "zip-slip", DateTimeOffset.UtcNow.AddHours(-1));

        var all = bed.Run("quarantine", "list");
        var one = bed.Run("quarantine", "list", "--sender", "PKUPH");

        Assert.True(all.ExitCode == 0, all.Describe());
        Assert.StartsWith("PROJECT", all.StdOutLines[0], StringComparison.Ordinal);
        var row = Assert.Single(all.StdOutLines, l => l.Contains(Old, StringComparison.Ordinal));
        Assert.Equal(["liver", Old, "PKUHSC", "not-dicom"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[..4]);
        Assert.Contains("u-20261101080000-0000abcd", row, StringComparison.Ordinal);
        Assert.EndsWith(" 17", row, StringComparison.Ordinal);
        Assert.True(one.ExitCode == 0, one.Describe());
        Assert.DoesNotContain(Old, one.StdOut, StringComparison.Ordinal);
        Assert.Contains(Recent, one.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public void Show_prints_the_reason_fields_and_message_and_an_unknown_id_exits_1()
    {
        using var bed = new AdminBed();
        bed.Quarantine("PKUHSC", Old, "not-dicom", DateTimeOffset.UtcNow.AddDays(-2));

        var shown = bed.Run("quarantine", "show", Old);
        var missing = bed.Run("quarantine", "show", "q-20261101080000-ffffffff");

        Assert.True(shown.ExitCode == 0, shown.Describe());
        Assert.Contains(shown.StdOutLines, l => l == "code     not-dicom");
        Assert.Contains(shown.StdOutLines, l => l == "sender   PKUHSC");
        Assert.Contains(shown.StdOutLines, l => l == "sha256   " + new string('a', 64));
        Assert.Contains(shown.StdOutLines, l => l.StartsWith("message  the upload is neither", StringComparison.Ordinal));
        Assert.True(missing.ExitCode == 1, missing.Describe());
        Assert.Contains("quarantine list", missing.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void Retry_moves_the_file_to_the_retry_folder_the_pipeline_claims_from_and_removes_the_item()
    {
        using var bed = new AdminBed();
        var item = bed.Quarantine("PKUHSC", Old, "incomplete-upload", DateTimeOffset.UtcNow.AddDays(-2), content: "the original bytes");

        var result = bed.Run("quarantine", "retry", Old);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal("the original bytes", File.ReadAllText(Path.Combine(bed.Work, "retry", "PKUHSC", Old)));
        Assert.False(Directory.Exists(item));
        Assert.Equal(1, bed.Run("quarantine", "retry", Old).ExitCode);
    }

    [Fact]
    public void Purge_by_id_removes_one_item_and_by_age_removes_only_older_items()
    {
        using var bed = new AdminBed();
        var old = bed.Quarantine("PKUHSC", Old, "not-dicom", DateTimeOffset.UtcNow.AddDays(-40));
        var recent = bed.Quarantine("PKUPH", Recent, "zip-bomb", DateTimeOffset.UtcNow.AddDays(-1));

        var byAge = bed.Run("quarantine", "purge", "--older-than", "30d");

        Assert.True(byAge.ExitCode == 0, byAge.Describe());
        Assert.False(Directory.Exists(old));
        Assert.True(Directory.Exists(recent));

        var byId = bed.Run("quarantine", "purge", Recent);

        Assert.True(byId.ExitCode == 0, byId.Describe());
        Assert.False(Directory.Exists(recent));
        Assert.Equal(1, bed.Run("quarantine", "purge", Recent).ExitCode);
    }

    [Theory]
    [InlineData("quarantine", "purge")]
    [InlineData("quarantine", "purge", Old, "--older-than", "30d")]
    [InlineData("quarantine", "purge", "--older-than", "thirty days")]
    [InlineData("quarantine", "show")]
    public void Purge_or_show_without_a_clear_target_is_a_usage_error(params string[] args)
    {
        using var bed = new AdminBed();

        var result = bed.Run(args);

        Assert.True(result.ExitCode == 2, result.Describe());
    }
}
