using System.Text;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Tests.Intake;
using DropBox.Daemon.Unpack;
using ICSharpCode.SharpZipLib.Zip;

namespace DropBox.Daemon.Tests.Unpack;

/// <summary>The streamed zip path: members read into memory behind the unpacker's checks, the package written once.</summary>
public sealed class ZipPackageWriterTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string Write(string name, params (string Entry, byte[] Content)[] entries)
    {
        var path = _folder.Combine(name);
        using var writer = new ZipPackageWriter(path);
        foreach (var (entry, content) in entries)
        {
            writer.Add(writer.FreeName(entry), content);
        }
        writer.Commit();
        return path;
    }

    [Fact]
    public void Entries_come_out_in_the_order_added_with_a_repeated_name_numbered_and_the_same_input_gives_the_same_bytes()
    {
        var (a, b, c) = (TestFiles.Part10(10), TestFiles.Part10(20), TestFiles.Part10(30));

        var first = Write("first.zip", ("P/s/2_1.dcm", a), ("P/s/1_1.dcm", b), ("P/s/2_1.dcm", c));
        var second = Write("second.zip", ("P/s/2_1.dcm", a), ("P/s/1_1.dcm", b), ("P/s/2_1.dcm", c));

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
        using var zip = new ZipFile(first);
        Assert.Equal(["P/s/2_1.dcm", "P/s/1_1.dcm", "P/s/2_1_2.dcm"], zip.Cast<ZipEntry>().Select(e => e.Name));
        Assert.True(zip.TestArchive(testData: true));
        Assert.All(zip.Cast<ZipEntry>(), e => Assert.Equal(ZipRepacker.FixedEntryTime, e.DateTime));
        using var third = zip.GetInputStream(zip.GetEntry("P/s/2_1_2.dcm"));
        using var read = new MemoryStream();
        third.CopyTo(read);
        Assert.Equal(c, read.ToArray());
        Assert.False(File.Exists(first + ".tmp"));
    }

    [Fact]
    public void A_package_written_into_a_stream_that_cannot_seek_has_stored_entries_and_the_same_bytes_as_the_file_package()
    {
        var (a, b) = (TestFiles.Part10(10), TestFiles.Part10(20));
        var file = Write("file.zip", ("P/s/1_1.dcm", a), ("P/s/2_1.dcm", b));
        using var pipe = new ForwardOnlyStream();

        using (var writer = ZipPackageWriter.Into(pipe))
        {
            writer.Add("P/s/1_1.dcm", a);
            writer.Add("P/s/2_1.dcm", b);
            writer.Commit();
        }

        // gpg's input cannot be seeked back into, so sizes and CRC go up front; stored, never "deflated at level 0".
        Assert.Equal(File.ReadAllBytes(file), pipe.ToArray());
        using var zip = new ZipFile(new MemoryStream(pipe.ToArray()));
        Assert.All(zip.Cast<ZipEntry>(), e => Assert.Equal(CompressionMethod.Stored, e.CompressionMethod));
        Assert.True(zip.TestArchive(testData: true));
    }

    [Fact]
    public void A_writer_into_a_stream_disposed_before_its_commit_does_not_finish_the_zip()
    {
        using var pipe = new ForwardOnlyStream();
        using (var writer = ZipPackageWriter.Into(pipe))
        {
            writer.Add("a.dcm", TestFiles.Part10());
        }

        // No central directory: a reader of the stream cannot take half a package for a whole one.
        Assert.Throws<ZipException>(() => new ZipFile(new MemoryStream(pipe.ToArray())).Count);
    }

    /// <summary>A stream that can only be written forwards, like a pipe.</summary>
    private sealed class ForwardOnlyStream : MemoryStream
    {
        public override bool CanSeek => false;

        public override bool CanRead => false;
    }

    [Fact]
    public void A_writer_disposed_before_its_commit_leaves_neither_the_package_nor_its_temp_file()
    {
        var path = _folder.Combine("package.zip");
        using (var writer = new ZipPackageWriter(path))
        {
            writer.Add("a.dcm", TestFiles.Part10());
            Assert.True(File.Exists(path + ".tmp"));
        }

        Assert.False(File.Exists(path));
        Assert.False(File.Exists(path + ".tmp"));
    }

    [Fact]
    public void Members_are_read_from_the_zip_byte_for_byte_in_entry_order_skipping_folders()
    {
        var (a, b) = (TestFiles.Part10(100), Encoding.ASCII.GetBytes("not dicom"));
        var zip = TestFiles.Zip(_folder.Combine("up.zip"), [("Doe^John/IM1", a), ("Doe^John/", []), ("notes.txt", b)]);

        using var source = new ZipMemberSource(zip, new UnpackOptions());

        Assert.Equal([1, 2], source.Members.Select(m => m.Number));
        Assert.Equal(["0", "2"], source.Members.Select(m => m.EntryIndex));
        Assert.True(source.FitsInMemory);
        Assert.Equal(a, source.Read(source.Members[0], CancellationToken.None));
        Assert.Equal(b, source.Read(source.Members[1], CancellationToken.None));
    }

    [Fact]
    public void A_symlink_or_encrypted_entry_refuses_the_whole_archive_before_any_member_is_read()
    {
        var link = TestFiles.Zip(_folder.Combine("link.zip"), [("a.dcm", TestFiles.Part10()), ("passwd", Encoding.ASCII.GetBytes("/etc/passwd"))], entry =>
        {
            if (entry.Name == "passwd")
            {
                entry.HostSystem = (int)HostSystemID.Unix;
                entry.ExternalFileAttributes = unchecked((int)(0xA1FFu << 16));
            }
        });
        var locked = TestFiles.Zip(_folder.Combine("locked.zip"), [("a.dcm", TestFiles.Part10())], password: "secret");

        Assert.Equal(ReasonCatalog.ZipLink, Assert.Throws<ZipRefusedException>(() => new ZipMemberSource(link, new UnpackOptions())).Code);
        Assert.Equal(ReasonCatalog.ZipEncrypted, Assert.Throws<ZipRefusedException>(() => new ZipMemberSource(locked, new UnpackOptions())).Code);
    }

    [Fact]
    public void An_archive_declaring_more_than_the_upload_budget_is_refused_as_a_bomb_before_any_member_is_read()
    {
        var zip = TestFiles.Zip(_folder.Combine("big.zip"), [("a.dcm", TestFiles.Part10(3000)), ("b.dcm", TestFiles.Part10(3000))]);

        var refused = Assert.Throws<ZipRefusedException>(() => new ZipMemberSource(zip, new UnpackOptions { MaxTotalBytes = 5000 }));

        Assert.Equal(ReasonCatalog.ZipBomb, refused.Code);
    }
}
