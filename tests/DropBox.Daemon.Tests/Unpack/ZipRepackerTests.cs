using DropBox.Daemon.Tests.Intake;
using DropBox.Daemon.Unpack;
using ICSharpCode.SharpZipLib.Zip;

namespace DropBox.Daemon.Tests.Unpack;

public sealed class ZipRepackerTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private List<(string Path, string EntryName)> Members()
    {
        var a = TestFiles.Write(_folder.Combine("out", "m00002.dcm"), TestFiles.Part10(300));
        var b = TestFiles.Write(_folder.Combine("out", "m00001.dcm"), TestFiles.Part10(100));
        return [(a, "m00002.dcm"), (b, "m00001.dcm")];
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Packing_the_same_members_twice_gives_identical_bytes(bool compress)
    {
        var members = Members();
        var first = _folder.Combine("first.zip");
        var second = _folder.Combine("second.zip");

        ZipRepacker.Pack(members, first, compress);
        File.SetLastWriteTimeUtc(members[0].Path, DateTime.UtcNow.AddDays(-3));
        members.Reverse();
        ZipRepacker.Pack(members, second, compress);

        Assert.Equal(File.ReadAllBytes(first), File.ReadAllBytes(second));
    }

    [Fact]
    public void The_packed_zip_holds_every_member_sorted_with_the_fixed_date_and_reads_back()
    {
        var members = Members();
        var zipPath = _folder.Combine("out.zip");

        ZipRepacker.Pack(members, zipPath);

        using var zip = new ZipFile(zipPath);
        var entries = zip.Cast<ZipEntry>().ToList();
        Assert.Equal(["m00001.dcm", "m00002.dcm"], entries.Select(e => e.Name));
        Assert.All(entries, e => Assert.Equal(ZipRepacker.FixedEntryTime, e.DateTime));
        Assert.True(zip.TestArchive(testData: true));
        using var stream = zip.GetInputStream(entries[1]);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        Assert.Equal(File.ReadAllBytes(members[0].Path), copy.ToArray());
        Assert.False(File.Exists(zipPath + ".tmp"));
    }

    [Fact]
    public void Unsafe_or_duplicate_entry_names_are_rejected()
    {
        var members = Members();

        Assert.Throws<ArgumentException>(() => ZipRepacker.Pack([(members[0].Path, "../x.dcm")], _folder.Combine("x.zip")));
        Assert.Throws<ArgumentException>(() => ZipRepacker.Pack([(members[0].Path, "a.dcm"), (members[1].Path, "a.dcm")], _folder.Combine("y.zip")));
    }

    [Fact]
    public void A_stop_requested_while_packing_leaves_neither_the_zip_nor_its_temp_file()
    {
        var members = Members();
        var zip = _folder.Combine("package.zip");

        Assert.ThrowsAny<OperationCanceledException>(() => ZipRepacker.Pack(members, zip, cancellationToken: new CancellationToken(canceled: true)));

        Assert.False(File.Exists(zip));
        Assert.False(File.Exists(zip + ".tmp"));
    }
}
