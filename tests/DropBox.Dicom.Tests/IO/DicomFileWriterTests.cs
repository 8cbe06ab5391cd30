using System.Buffers.Binary;
using System.IO.Compression;
using static DropBox.Dicom.Tests.Dicom;

namespace DropBox.Dicom.Tests;

public sealed class DicomFileWriterTests
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";

    [Fact]
    public void The_meta_group_is_rebuilt_with_recomputed_length_and_our_identity()
    {
        var bytes = DicomBytes.Part10(ExplicitLE)
            .Text(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.4\0")
            .Text(0x0008, 0x0018, "UI", "1.2.3.4.5.6\0")
            .ToArray();
        using var file = Open(bytes);
        var written = Save(file);
        Assert.Equal("DICM"u8.ToArray(), written[128..132]);
        Assert.All(written[..128], b => Assert.Equal(0, b));
        using var again = Open(written);
        var meta = again.Meta;
        Assert.Equal("1.2.840.10008.5.1.4.1.1.4", meta.GetString(DicomTag.MediaStorageSopClassUid));
        Assert.Equal("1.2.3.4.5.6", meta.GetString(DicomTag.MediaStorageSopInstanceUid));
        Assert.Equal(ExplicitLE, meta.GetString(DicomTag.TransferSyntaxUid));
        Assert.Equal(DicomWriteOptions.DefaultImplementationClassUid, meta.GetString(T(0x0002, 0x0012)));
        Assert.StartsWith("DROPBOX_", meta.GetString(T(0x0002, 0x0013)), StringComparison.Ordinal);
        Assert.Equal(new byte[] { 0, 1 }, Bytes(meta, T(0x0002, 0x0001)));
        var groupLength = BinaryPrimitives.ReadUInt32LittleEndian(Bytes(meta, DicomTag.FileMetaGroupLength));
        Assert.Equal(written.Length - 132 - 12 - DatasetBytes(written).Length, (int)groupLength);
    }

    [Fact]
    public void A_bare_implicit_dataset_is_written_as_part10_implicit_little_endian()
    {
        var bytes = DicomBytes.ImplicitLittle().Text(0x0008, 0x0060, "CS", "MR").ToArray();
        using var file = Open(bytes);
        using var again = RoundTrip(file);
        Assert.Equal("1.2.840.10008.1.2", again.Meta.GetString(DicomTag.TransferSyntaxUid));
        Assert.Equal(bytes, DatasetBytes(Save(again)));
    }

    [Fact]
    public void Dataset_group_lengths_are_dropped_everywhere()
    {
        var item = DicomBytes.ExplicitLittle().Element(0x0008, 0x0000, "UL", [10, 0, 0, 0]).Text(0x0008, 0x0100, "SH", "AB");
        var bytes = DicomBytes.Part10(ExplicitLE)
            .Element(0x0008, 0x0000, "UL", [99, 0, 0, 0])
            .Text(0x0008, 0x0060, "CS", "MR")
            .Sequence(0x0008, 0x1032, true, true, item)
            .ToArray();
        using var file = Open(bytes);
        using var again = RoundTrip(file);
        Assert.False(again.Dataset.Contains(T(0x0008, 0x0000)));
        var sequence = Assert.IsType<DicomSequence>(again.Dataset.Get(T(0x0008, 0x1032)));
        Assert.False(sequence.Items[0].Contains(T(0x0008, 0x0000)));
        Assert.Equal("AB", sequence.Items[0].GetString(T(0x0008, 0x0100)));
        Assert.True(again.Meta.Contains(DicomTag.FileMetaGroupLength));
    }

    [Fact]
    public void Deflated_datasets_are_inflated_for_reading_and_deflated_again_on_write()
    {
        var dataset = DicomBytes.ExplicitLittle()
            .Text(0x0008, 0x0060, "CS", "SR")
            .Sequence(0x0040, 0xA730, false, false, DicomBytes.ExplicitLittle().Text(0x0040, 0xA160, "UT", "SOME TEXT "))
            .ToArray();
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(dataset);
        }
        var bytes = DicomBytes.Part10("1.2.840.10008.1.2.1.99").Raw(compressed.ToArray()).ToArray();
        using var file = Open(bytes);
        Assert.True(file.TransferSyntax.IsDeflated);
        Assert.Equal("SR", file.Dataset.GetString(T(0x0008, 0x0060)));
        var written = Save(file);
        using var inflated = new MemoryStream();
        using (var inflate = new DeflateStream(new MemoryStream(DatasetBytes(written)), CompressionMode.Decompress))
        {
            inflate.CopyTo(inflated);
        }
        Assert.Equal(dataset, inflated.ToArray());
    }

    [Fact]
    public void A_deflated_dataset_that_inflates_past_the_limit_is_refused_and_leaves_no_temp_file()
    {
        // A deflate bomb in miniature: 8 MiB of zeros after one element, a few KB on the wire.
        using var compressed = new MemoryStream();
        using (var deflate = new DeflateStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(DicomBytes.ExplicitLittle().Header(0x0008, 0x0060, "OB", 8 << 20).ToArray());
            deflate.Write(new byte[8 << 20]);
        }
        var bytes = DicomBytes.Part10("1.2.840.10008.1.2.1.99").Raw(compressed.ToArray()).ToArray();
        var temp = Directory.CreateTempSubdirectory("dropbox-bomb").FullName;
        try
        {
            var options = new DicomReadOptions { MaxInflatedBytes = 1 << 20, TempDirectory = temp };

            var error = Assert.Throws<DicomFormatException>(() => Open(bytes, options));

            Assert.Contains("inflates to more than 1048576 bytes", error.Message, StringComparison.Ordinal);
            Assert.Empty(Directory.EnumerateFiles(temp));
            using var file = Open(bytes, new DicomReadOptions { TempDirectory = temp }); // the default limit reads it
            Assert.True(file.TransferSyntax.IsDeflated);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }
    }

    [Fact]
    public void Encapsulated_pixel_data_passes_through_byte_exact()
    {
        var bigFragment = new byte[200_000];
        new Random(7).NextBytes(bigFragment);
        var bytes = DicomBytes.Part10("1.2.840.10008.1.2.4.50")
            .Text(0x0028, 0x0004, "CS", "YBR_FULL_422")
            .Encapsulated([0, 0, 0, 0, 16, 0, 0, 0], [0xFF, 0xD8, 0xFF, 0xD9], bigFragment)
            .ToArray();
        using var file = Open(bytes);
        var fragments = Assert.IsType<DicomFragments>(file.Dataset.Get(DicomTag.PixelData));
        Assert.Equal(8, fragments.OffsetTable.Length);
        Assert.Equal(2, fragments.Fragments.Count);
        Assert.False(fragments.Fragments[1].IsInMemory);
        Assert.Equal(DatasetBytes(bytes), DatasetBytes(Save(file)));
    }

    [Fact]
    public void An_odd_fragment_is_padded_with_a_zero_and_warned_about()
    {
        var bytes = DicomBytes.Part10("1.2.840.10008.1.2.4.90").Encapsulated([], [1, 2, 3]).ToArray();
        using var file = Open(bytes);
        Assert.Contains(file.Warnings, w => w.Message.Contains("odd length", StringComparison.Ordinal));
        using var again = RoundTrip(file);
        var fragments = Assert.IsType<DicomFragments>(again.Dataset.Get(DicomTag.PixelData));
        Assert.Equal(new byte[] { 1, 2, 3, 0 }, fragments.Fragments[0].ToArray());
    }

    [Fact]
    public void A_value_over_64_KiB_stays_in_the_source_and_is_copied_correctly()
    {
        var pixels = new byte[300_000];
        new Random(3).NextBytes(pixels);
        var comment = new byte[70_000];
        Array.Fill(comment, (byte)'x');
        var bytes = DicomBytes.Part10(ExplicitLE)
            .Element(0x0020, 0x4000, "UT", comment)
            .Element(0x7FE0, 0x0010, "OW", pixels)
            .ToArray();
        using var file = Open(bytes);
        var pixelData = Assert.IsType<DicomElement>(file.Dataset.Get(DicomTag.PixelData));
        Assert.False(pixelData.Value.IsInMemory);
        Assert.False(Assert.IsType<DicomElement>(file.Dataset.Get(T(0x0020, 0x4000))).Value.IsInMemory);
        Assert.Throws<InvalidOperationException>(() => pixelData.Value.Span.Length);
        Assert.Equal(DatasetBytes(bytes), DatasetBytes(Save(file)));
    }

    [Fact]
    public void Saving_to_a_path_writes_a_complete_file_that_reads_back()
    {
        var path = Path.Combine(Path.GetTempPath(), $"dropbox-test-{Guid.NewGuid():N}.dcm");
        try
        {
            using (var file = Open(DicomBytes.Part10(ExplicitLE).Text(0x0008, 0x0060, "CS", "MR").ToArray()))
            {
                file.Save(path);
            }
            using var again = DicomFile.Open(path);
            Assert.Equal("MR", again.Dataset.GetString(T(0x0008, 0x0060)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
