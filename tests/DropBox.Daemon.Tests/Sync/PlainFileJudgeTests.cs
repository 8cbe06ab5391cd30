using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Tests.Sync;

/// <summary>The content judge: what in club_house is DICOM, or an archive holding it, whatever its name.</summary>
public sealed class PlainFileJudgeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dropbox-judge-").FullName;

    [Fact]
    public void A_part10_file_with_preamble_is_held()
    {
        var verdict = Judge("report.pdf", PlainFiles.Part10Dicom());

        Assert.True(verdict.Held);
        Assert.Contains("DICOM file", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bare_dataset_without_preamble_is_held()
    {
        Assert.True(Judge("data.bin", PlainFiles.BareExplicitDataset()).Held);
    }

    [Fact]
    public void A_bare_implicit_dataset_that_starts_at_the_patient_group_is_held_because_the_codec_reads_it()
    {
        Assert.True(Judge("data.bin", PlainFiles.BareImplicitDatasetFromPatientGroup()).Held);
    }

    [Fact]
    public void A_zip_holding_a_dicom_member_is_held()
    {
        var verdict = Judge("scans.zip", PlainFiles.Zip(("readme.txt", PlainFiles.Text()), ("IM0001", PlainFiles.Part10Dicom())));

        Assert.True(verdict.Held);
        Assert.Contains("archive holding DICOM", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("zip entry 2", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dicom_member_hidden_in_a_subfolder_of_a_zip_is_held()
    {
        Assert.True(Judge("docs.zip", PlainFiles.Zip(("a/", []), ("a/b/c/IM0001", PlainFiles.Part10Dicom()))).Held);
    }

    [Fact]
    public void A_dicom_member_with_a_misleading_name_like_notes_txt_is_held()
    {
        Assert.True(Judge("notes.zip", PlainFiles.Zip(("notes.txt", PlainFiles.BareExplicitDataset()))).Held);
    }

    [Fact]
    public void A_zip_renamed_to_pdf_is_judged_by_its_content_and_held()
    {
        Assert.True(Judge("minutes.pdf", PlainFiles.Zip(("x.dcm", PlainFiles.Part10Dicom()))).Held);
    }

    [Fact]
    public void A_tar_holding_dicom_is_held()
    {
        var verdict = Judge("scans.tar", PlainFiles.Tar(("notes.txt", PlainFiles.Text()), ("series/IM0001", PlainFiles.Part10Dicom())));

        Assert.True(verdict.Held);
        Assert.Contains("tar entry 2", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tar_gz_holding_dicom_is_held()
    {
        var verdict = Judge("scans.tgz", PlainFiles.Gzip(PlainFiles.Tar(("a.txt", PlainFiles.Text()), ("IM0001", PlainFiles.Part10Dicom()))));

        Assert.True(verdict.Held);
        Assert.Contains("gzip content > tar entry 2", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_of_a_single_dicom_file_is_held()
    {
        Assert.True(Judge("IM0001.gz", PlainFiles.Gzip(PlainFiles.Part10Dicom())).Held);
    }

    [Fact]
    public void A_zip_inside_a_zip_holding_dicom_is_held()
    {
        var inner = PlainFiles.Zip(("IM0001", PlainFiles.Part10Dicom()));

        Assert.True(Judge("outer.zip", PlainFiles.Zip(("readme.txt", PlainFiles.Text()), ("inner.zip", inner))).Held);
    }

    [Fact]
    public void A_7z_archive_is_held_unopened_and_the_reason_says_why()
    {
        var verdict = Judge("archive.7z", PlainFiles.SevenZip());

        Assert.True(verdict.Held);
        Assert.Contains("7z", verdict.Reason, StringComparison.Ordinal);
        Assert.Contains("fail closed", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_of_only_pdfs_and_text_travels()
    {
        var verdict = Judge("docs.zip", PlainFiles.Zip(("a.pdf", PlainFiles.Pdf()), ("sub/b.txt", PlainFiles.Text()), ("sub/", [])));

        Assert.False(verdict.Held, verdict.Reason);
    }

    [Fact]
    public void A_tar_gz_of_only_text_travels()
    {
        Assert.False(Judge("docs.tgz", PlainFiles.Gzip(PlainFiles.Tar(("a.txt", PlainFiles.Text()), ("b.pdf", PlainFiles.Pdf())))).Held);
    }

    [Fact]
    public void A_truncated_zip_is_held_because_it_cannot_be_read_to_its_end()
    {
        var zip = PlainFiles.Zip(("a.pdf", PlainFiles.Pdf()), ("b.txt", PlainFiles.Text()));

        var verdict = Judge("docs.zip", zip[..(zip.Length / 2)]);

        Assert.True(verdict.Held);
        Assert.Contains("cannot be read to its end", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_tar_gz_is_held()
    {
        var tgz = PlainFiles.Gzip(PlainFiles.Tar(("a.txt", PlainFiles.Text()), ("b.bin", SyncTestBed.RandomBytes(200_000, 7))));

        Assert.True(Judge("docs.tgz", tgz[..(tgz.Length / 2)]).Held);
    }

    [Fact]
    public void A_text_file_with_dicm_at_offset_zero_not_128_travels()
    {
        Assert.False(Judge("dicm.txt", PlainFiles.Text("DICM is the marker a DICOM file has at byte 128; this note is not one.\n")).Held);
    }

    [Fact]
    public void Pdf_text_and_random_binary_files_travel()
    {
        Assert.False(Judge("a.pdf", PlainFiles.Pdf()).Held);
        Assert.False(Judge("b.txt", PlainFiles.Text()).Held);
        Assert.False(Judge("c.gpg", SyncTestBed.RandomBytes(100_000, 3)).Held);
    }

    [Fact]
    public void An_archive_with_more_entries_than_the_cap_is_held_and_the_reason_names_the_cap()
    {
        var zip = PlainFiles.Zip([.. Enumerable.Range(0, 5).Select(i => ($"{i}.txt", PlainFiles.Text()))]);

        var verdict = Judge("many.zip", zip, new PlainFileLimits { MaxEntries = 4 });

        Assert.True(verdict.Held);
        Assert.Contains("more than 4 archive entries", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_gzip_stream_that_expands_past_the_budget_is_held_not_decompressed_to_the_end()
    {
        var tgz = PlainFiles.Gzip(PlainFiles.Tar(("zeros.bin", new byte[3 << 20])));

        var verdict = Judge("big.tgz", tgz, new PlainFileLimits { MaxExpandedBytes = 1 << 20 });

        Assert.True(verdict.Held);
        Assert.Contains("decompressing more than 1 MiB", verdict.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_large_plain_file_is_judged_by_its_head_only()
    {
        var content = new byte[64 << 20];
        PlainFiles.Text().CopyTo(content, 0);
        using var stream = new ReadCountingStream(content);

        var verdict = new PlainFileJudge().Judge(stream);

        Assert.False(verdict.Held);
        Assert.True(stream.BytesRead <= PlainFileLimits.Default.HeadBytes, $"read {stream.BytesRead} bytes of a 64 MiB file");
    }

    [Fact]
    public void A_held_reason_never_contains_a_member_name_or_a_patient_value()
    {
        var verdict = Judge("Jane Doe scans.zip", PlainFiles.Zip(("DOE_JANE/IM0001", PlainFiles.Part10Dicom())));

        Assert.True(verdict.Held);
        Assert.DoesNotContain("DOE", verdict.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("IM0001", verdict.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain("Jane", verdict.Reason, StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private PlainFileVerdict Judge(string name, byte[] content, PlainFileLimits? limits = null)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, content);
        return new PlainFileJudge(limits).Judge(path);
    }
}

/// <summary>A seekable in-memory file that counts the bytes read from it.</summary>
internal sealed class ReadCountingStream(byte[] content) : MemoryStream(content, writable: false)
{
    public long BytesRead { get; private set; }

    // A derived MemoryStream's span reads go through this overload, so counting here counts every read once.
    public override int Read(byte[] buffer, int offset, int count) => Count(base.Read(buffer, offset, count));

    private int Count(int read)
    {
        BytesRead += read;
        return read;
    }
}
