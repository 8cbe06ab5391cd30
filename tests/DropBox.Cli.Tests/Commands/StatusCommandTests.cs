using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

/// <summary>`dropbox status` as an admin sees it: counts, times and the target, never an uploaded file's name.</summary>
public sealed class StatusCommandTests
{
    [Fact]
    public void Status_counts_inbox_files_quarantine_items_and_outbox_files_without_naming_any_file()
    {
        // Intake judges quiet by the inode's change time, which a test cannot back-date: a zero quiet period makes both ready.
        using var bed = new AdminBed(quietPeriod: "00:00:00");
        // Long enough for the content check to identify them (a file shorter than a DICOM header waits in the inbox).
        bed.WriteAged(Path.Combine(bed.Root, "PKUHSC", "gpg", "Doe^John_1950.dcm"), "complete " + new string('.', 200), TimeSpan.FromHours(1));
        bed.WriteAged(Path.Combine(bed.Root, "PKUPH", "gpg", "Roe^Jane_1960.zip"), "complete too " + new string('.', 200), TimeSpan.Zero);
        // An SFTP client's temp name: an upload being written (it gets its real name when done).
        bed.WriteAged(Path.Combine(bed.Root, "PKUPH", "gpg", "Roe^Jane_1961.zip.filepart"), "an SFTP client's temp name", TimeSpan.Zero);
        bed.Quarantine("PKUHSC", "q-20261101080000-0000000a", "not-dicom", DateTimeOffset.UtcNow.AddDays(-1));
        bed.WriteAged(Path.Combine(bed.Outbox("PKUHSC"), "u-20261101080000-00000001.dcm.gpg"), "cipher", TimeSpan.FromHours(1));
        bed.WriteAged(Path.Combine(bed.Outbox("PKUPH"), "u-20261101080000-00000002.zip.gpg"), "cipher", TimeSpan.FromHours(1));

        var result = bed.Run("status");

        Assert.True(result.ExitCode == 0, result.Describe());
        var lines = result.StdOutLines;
        Assert.Equal("project liver", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("  target", StringComparison.Ordinal) && l.EndsWith("local " + bed.FarSite, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  inboxes", StringComparison.Ordinal) && l.Contains("2 ready to claim, 1 still being written", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  in progress", StringComparison.Ordinal) && l.Contains(" 0 upload(s)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  quarantined", StringComparison.Ordinal) && l.Contains(" 1 item(s)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  outbox", StringComparison.Ordinal) && l.Contains(" 2 .gpg file(s)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  last activity", StringComparison.Ordinal) && l.Contains("never", StringComparison.Ordinal));
        Assert.DoesNotContain("Doe", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("Roe", result.StdOut, StringComparison.Ordinal);
        Assert.False(File.Exists(bed.Tmp.Combine("state", "journal.db")), "status must not create the daemon's journal");
    }

    [Fact]
    public void Files_inside_the_quiet_period_count_as_still_being_written()
    {
        using var bed = new AdminBed(quietPeriod: "01:00:00");
        bed.WriteAged(Path.Combine(bed.Root, "PKUHSC", "gpg", "Doe^John_1950.dcm"), "arriving", TimeSpan.Zero);

        var result = bed.Run("status");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains(result.StdOutLines, l => l.StartsWith("  inboxes", StringComparison.Ordinal) && l.Contains("0 ready to claim, 1 still being written", StringComparison.Ordinal));
    }

    [Fact]
    public void Uploads_under_temp_names_count_as_being_written_a_half_zip_as_left_for_its_sender_and_a_published_file_waits_for_sync_before_any_sync_ran()
    {
        using var bed = new AdminBed(quietPeriod: "00:00:00");
        var inbox = Path.Combine(bed.Root, "PKUHSC", "gpg");
        bed.WriteAged(Path.Combine(inbox, "Doe^John_1950.zip.filepart"), "WinSCP's name while it writes", TimeSpan.Zero);
        bed.WriteAged(Path.Combine(inbox, ".Doe^John_1951.zip"), "a dotfile some servers write first", TimeSpan.Zero);
        var zip = new MemoryStream();
        using (var archive = new System.IO.Compression.ZipArchive(zip, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            using var entry = new StreamWriter(archive.CreateEntry("IM0001.dcm", System.IO.Compression.CompressionLevel.NoCompression).Open());
            entry.Write(new string('x', 4000));
        }
        File.WriteAllBytes(Path.Combine(inbox, "Doe^John_1952.zip"), zip.ToArray()[..(int)(zip.Length * 2 / 5)]);
        bed.WriteAged(Path.Combine(bed.Outbox("PKUHSC"), "u-20261101080000-00000001.dcm.gpg"), "cipher", TimeSpan.FromHours(2));

        var result = bed.Run("status");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains(result.StdOutLines, l => l.StartsWith("  inboxes", StringComparison.Ordinal)
            && l.Contains("0 ready to claim, 2 still being written, 1 incomplete (left in the inbox for the sender to resume)", StringComparison.Ordinal));
        Assert.Contains(result.StdOutLines, l => l.StartsWith("  sync waiting", StringComparison.Ordinal) && l.Contains(" 1 file(s), oldest waiting 2h", StringComparison.Ordinal));
        Assert.DoesNotContain("Doe", result.StdOut, StringComparison.Ordinal);
    }

    [ToolFact("gpg")]
    public void After_a_sync_status_shows_what_was_sent_and_when()
    {
        using var bed = new AdminBed();
        bed.WriteAged(Path.Combine(bed.Outbox("PKUHSC"), "u-20261101080000-00000001.dcm.gpg"), "cipher", TimeSpan.FromHours(1));
        var sync = bed.Run("sync");
        Assert.True(sync.ExitCode == 0, sync.Describe());

        var result = bed.Run("status", "--project", "liver");

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains(result.StdOutLines, l => l.StartsWith("  sync waiting", StringComparison.Ordinal) && l.EndsWith(" 0 file(s)", StringComparison.Ordinal));
        Assert.Contains(result.StdOutLines, l => l.StartsWith("  sync sent", StringComparison.Ordinal) && l.Contains(" 1 file(s)", StringComparison.Ordinal));
        Assert.Contains(result.StdOutLines, l => l.StartsWith("  last sync ", StringComparison.Ordinal) && l.Contains("Z (", StringComparison.Ordinal));
        Assert.Contains(result.StdOutLines, l => l.StartsWith("  last sync error", StringComparison.Ordinal) && l.EndsWith("none", StringComparison.Ordinal));
    }

    [Fact]
    public void Status_of_a_project_that_is_not_configured_exits_1_naming_the_configured_ones()
    {
        using var bed = new AdminBed();

        var result = bed.Run("status", "--project", "kidney");

        Assert.True(result.ExitCode == 1, result.Describe());
        Assert.Contains("no project 'kidney'", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("liver", result.StdErr, StringComparison.Ordinal);
    }
}
