using System.Text;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Tests.Intake;
using DropBox.Daemon.Unpack;
using ICSharpCode.SharpZipLib.Zip;

namespace DropBox.Daemon.Tests.Unpack;

public sealed class ZipUnpackerTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly UnpackOptions _options = new();
    private readonly string _out;

    public ZipUnpackerTests()
    {
        _out = _folder.Combine("work", "in");
    }

    public void Dispose() => _folder.Dispose();

    private string Zip(string name, IEnumerable<(string Name, byte[] Data)> entries, Action<ZipEntry>? tweak = null, string? password = null) =>
        TestFiles.Zip(_folder.Combine(name), entries, tweak, password);

    private UnpackResult Unpack(string zip) => new ZipUnpacker().Unpack(zip, _out, _options);

    private void AssertRefused(UnpackResult result, string code)
    {
        Assert.False(result.IsOk);
        Assert.Equal(code, result.Refusal!.Code);
        Assert.Empty(result.Members);
        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }

    [Fact]
    public void Dicom_members_are_unpacked_under_generated_names_in_entry_order()
    {
        var a = TestFiles.Part10(100);
        var b = TestFiles.Part10(200);
        var zip = Zip("up.zip", [("Doe^John/IM0001", a), ("Doe^John/", []), ("Doe^John/IM0002.dcm", b)]);

        var result = Unpack(zip);

        Assert.True(result.IsOk);
        Assert.Equal(["m00001.dcm", "m00002.dcm"], result.Members.Select(m => m.FileName));
        Assert.All(result.Members, m => Assert.True(m.IsDicom));
        Assert.Equal(["0", "2"], result.Members.Select(m => m.EntryIndex));
        Assert.Equal(a, File.ReadAllBytes(result.Members[0].FullPath));
        Assert.Equal(b, File.ReadAllBytes(result.Members[1].FullPath));
        Assert.DoesNotContain(Directory.GetFileSystemEntries(_out, "*", SearchOption.AllDirectories), p => p.Contains("Doe", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("../../evil.dcm")]
    [InlineData("/abs.dcm")]
    [InlineData("ok/../../evil.dcm")]
    [InlineData("..\\..\\evil.dcm")]
    [InlineData("C:/evil.dcm")]
    public void A_zip_slip_entry_refuses_the_whole_archive(string name)
    {
        var zip = ZipWithRawName("slip.zip", name);

        AssertRefused(Unpack(zip), ReasonCatalog.ZipSlip);
        Assert.False(File.Exists(_folder.Combine("evil.dcm")));
        Assert.False(File.Exists(Path.Combine(_folder.Path, "..", "evil.dcm")));
    }

    [Fact]
    public void A_symlink_entry_refuses_the_whole_archive()
    {
        var zip = Zip("link.zip", [("a.dcm", TestFiles.Part10()), ("passwd", Encoding.ASCII.GetBytes("/etc/passwd"))], entry =>
        {
            if (entry.Name == "passwd")
            {
                entry.HostSystem = (int)HostSystemID.Unix;
                entry.ExternalFileAttributes = unchecked((int)(0xA1FFu << 16));
            }
        });

        AssertRefused(Unpack(zip), ReasonCatalog.ZipLink);
    }

    [Fact]
    public void A_gigabyte_of_zeros_that_compresses_to_almost_nothing_is_refused_as_a_bomb()
    {
        var zip = _folder.Combine("bomb.zip");
        using (var file = File.Create(zip))
        using (var stream = new ZipOutputStream(file))
        {
            stream.SetLevel(1);
            stream.PutNextEntry(new ZipEntry("zeros.dcm"));
            var chunk = new byte[1 << 20];
            for (var i = 0; i < 1024; i++)
            {
                stream.Write(chunk, 0, chunk.Length);
            }

            stream.CloseEntry();
        }

        Assert.True(new FileInfo(zip).Length < 10 << 20);
        AssertRefused(Unpack(zip), ReasonCatalog.ZipBomb);
    }

    [Fact]
    public void An_upload_over_the_total_size_limit_is_refused_as_a_bomb()
    {
        _options.MaxTotalBytes = 1000;
        var zip = Zip("big.zip", [("a.dcm", TestFiles.Part10(500)), ("b.dcm", TestFiles.Part10(500))]);

        AssertRefused(Unpack(zip), ReasonCatalog.ZipBomb);
    }

    [Fact]
    public void An_upload_with_too_many_entries_is_refused_as_a_bomb()
    {
        _options.MaxEntries = 2;
        var zip = Zip("many.zip", Enumerable.Range(0, 3).Select(i => ($"{i}.dcm", TestFiles.Part10())));

        AssertRefused(Unpack(zip), ReasonCatalog.ZipBomb);
    }

    [Fact]
    public void An_entry_whose_headers_understate_its_size_is_refused_while_extracting()
    {
        var data = TestFiles.Part10(4000);
        var zip = Zip("liar.zip", [("a.dcm", data)]);
        // Rewrite the uncompressed size (4 bytes at offset 22 of the local header, 24 of the central header) to 100.
        var bytes = File.ReadAllBytes(zip);
        var central = IndexOf(bytes, [0x50, 0x4B, 0x01, 0x02]);
        BitConverter.GetBytes(100).CopyTo(bytes, 22);
        BitConverter.GetBytes(100).CopyTo(bytes, central + 24);
        File.WriteAllBytes(zip, bytes);

        var result = Unpack(zip);

        Assert.False(result.IsOk);
        Assert.Contains(result.Refusal!.Code, new[] { ReasonCatalog.ZipBomb, ReasonCatalog.ZipCorrupt });
        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }

    [Fact]
    public void A_zipcrypto_encrypted_zip_is_refused_as_encrypted()
    {
        var zip = Zip("enc.zip", [("a.dcm", TestFiles.Part10())], password: "secret");

        AssertRefused(Unpack(zip), ReasonCatalog.ZipEncrypted);
    }

    [Fact]
    public void An_aes_encrypted_zip_is_refused_as_encrypted()
    {
        var zip = Zip("aes.zip", [("a.dcm", TestFiles.Part10())], entry => entry.AESKeySize = 256, password: "secret");

        AssertRefused(Unpack(zip), ReasonCatalog.ZipEncrypted);
    }

    [Fact]
    public void A_non_dicom_member_is_set_aside_for_quarantine_and_the_rest_goes_on()
    {
        var zip = Zip("mixed.zip", [("a.dcm", TestFiles.Part10()), ("notes.txt", Encoding.UTF8.GetBytes("Patient John Doe, born 1950"))]);

        var result = Unpack(zip);

        Assert.True(result.IsOk);
        Assert.Equal("m00001.dcm", Assert.Single(result.Members).FileName);
        var aside = Assert.Single(result.SetAside);
        Assert.False(aside.IsDicom);
        Assert.Equal("m00002.bin", aside.FileName);
        Assert.True(File.Exists(aside.FullPath));
    }

    [Fact]
    public void A_project_that_allows_non_dicom_gets_those_members_through()
    {
        _options.AllowNonDicom = true;
        var zip = Zip("mixed.zip", [("a.dcm", TestFiles.Part10()), ("notes.txt", Encoding.UTF8.GetBytes("hello"))]);

        var result = Unpack(zip);

        Assert.Equal(2, result.Members.Count);
        Assert.Empty(result.SetAside);
        Assert.False(result.Members[1].IsDicom);
    }

    [Fact]
    public void A_dicomdir_member_counts_as_dicom()
    {
        var zip = Zip("dir.zip", [("DICOMDIR", TestFiles.Part10())]);

        Assert.True(Assert.Single(Unpack(zip).Members).IsDicom);
    }

    [Fact]
    public void Nested_zips_are_unpacked_up_to_the_configured_depth()
    {
        var inner = File.ReadAllBytes(Zip("b.zip", [("deep.dcm", TestFiles.Part10(10))]));
        var middle = File.ReadAllBytes(Zip("a.zip", [("x.dcm", TestFiles.Part10(20)), ("b.zip", inner)]));
        var zip = Zip("up.zip", [("a.zip", middle)]);

        var result = Unpack(zip);

        Assert.True(result.IsOk);
        Assert.Equal(["0/0", "0/1/0"], result.Members.Select(m => m.EntryIndex));
        Assert.Empty(Directory.GetFiles(_out, "*.zip"));
        Assert.Equal(2, Directory.GetFiles(_out).Length);
    }

    [Fact]
    public void A_zip_nested_deeper_than_the_limit_refuses_the_whole_archive()
    {
        var c = File.ReadAllBytes(Zip("c.zip", [("deep.dcm", TestFiles.Part10())]));
        var b = File.ReadAllBytes(Zip("b.zip", [("c.zip", c)]));
        var a = File.ReadAllBytes(Zip("a.zip", [("b.zip", b)]));
        var zip = Zip("up.zip", [("ok.dcm", TestFiles.Part10()), ("a.zip", a)]);

        AssertRefused(Unpack(zip), ReasonCatalog.ZipTooDeep);
    }

    [Fact]
    public void A_nested_zip_with_max_depth_zero_is_too_deep()
    {
        _options.MaxDepth = 0;
        var inner = File.ReadAllBytes(Zip("a.zip", [("x.dcm", TestFiles.Part10())]));
        var zip = Zip("up.zip", [("a.zip", inner)]);

        AssertRefused(Unpack(zip), ReasonCatalog.ZipTooDeep);
    }

    [Fact]
    public void A_zip_cut_in_half_is_incomplete_for_intake_and_corrupt_for_unpack()
    {
        var whole = File.ReadAllBytes(Zip("whole.zip", [("a.dcm", TestFiles.Part10(3000)), ("b.dcm", TestFiles.Part10(3000))]));
        var cut = _folder.Combine("cut.zip");
        File.WriteAllBytes(cut, whole[..(whole.Length / 2)]);

        Assert.False(CompletenessProbe.ProbeZip(cut).IsComplete);
        var result = Unpack(cut);
        Assert.Equal(ReasonCatalog.ZipCorrupt, result.Refusal!.Code);
        Assert.DoesNotContain("cut", result.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_messages_never_carry_entry_names()
    {
        var zip = ZipWithRawName("slip.zip", "../Doe^John/evil.dcm");

        var result = Unpack(zip);

        Assert.DoesNotContain("Doe", result.Refusal!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", result.Refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validation_lists_every_problem_at_once()
    {
        var options = new UnpackOptions { MaxDepth = -1, MaxEntries = 0, MaxTotalBytes = 0, MaxRatio = 0 };

        Assert.Equal(4, options.Validate("Unpack").Count());
        Assert.Empty(new UnpackOptions().Validate("Unpack"));
    }

    /// <summary>
    /// SharpZipLib cleans names it writes (a leading '/' disappears), so write a same-length placeholder and
    /// patch the raw name into both headers, as a hostile tool would produce it.
    /// </summary>
    private string ZipWithRawName(string zipName, string rawName)
    {
        var placeholder = new string('Q', rawName.Length);
        var zip = Zip(zipName, [("good.dcm", TestFiles.Part10()), (placeholder, TestFiles.Part10())]);
        var bytes = File.ReadAllBytes(zip);
        var raw = Encoding.ASCII.GetBytes(rawName);
        var patched = 0;
        for (var at = IndexOf(bytes, Encoding.ASCII.GetBytes(placeholder)); at >= 0; at = IndexOf(bytes, Encoding.ASCII.GetBytes(placeholder)))
        {
            raw.CopyTo(bytes, at);
            patched++;
        }

        Assert.Equal(2, patched);
        File.WriteAllBytes(zip, bytes);
        return zip;
    }

    private static int IndexOf(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle);

    [Fact]
    public void A_stop_requested_before_unpacking_writes_nothing()
    {
        var zip = Zip("two.zip", [("a.dcm", TestFiles.Part10(100)), ("b.dcm", TestFiles.Part10(200))]);

        Assert.ThrowsAny<OperationCanceledException>(() => new ZipUnpacker().Unpack(zip, _out, _options, new CancellationToken(canceled: true)));

        Assert.Empty(Directory.GetFileSystemEntries(_out));
    }
}
