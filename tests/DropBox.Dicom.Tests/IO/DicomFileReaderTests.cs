using static DropBox.Dicom.Tests.Dicom;

namespace DropBox.Dicom.Tests;

public sealed class DicomFileReaderTests
{
    private static DicomBytes Patient(DicomBytes b) => b.Text(0x0008, 0x0060, "CS", "MR").Text(0x0010, 0x0010, "PN", "DOE^J ");

    [Fact]
    public void A_part10_file_with_preamble_reads_meta_and_dataset()
    {
        using var file = Open(Patient(DicomBytes.Part10("1.2.840.10008.1.2.1")).ToArray());
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("1.2.840.10008.1.2.1", file.Meta.GetString(DicomTag.TransferSyntaxUid));
        Assert.Equal("DOE^J", file.Dataset.GetString(T(0x0010, 0x0010)));
        Assert.Empty(file.Warnings);
    }

    [Fact]
    public void A_meta_group_without_preamble_is_read()
    {
        var bytes = Patient(DicomBytes.ImplicitLittle().Raw(DicomBytes.MetaGroup("1.2.840.10008.1.2"))).ToArray();
        using var file = Open(bytes);
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal("DOE^J", file.Dataset.GetString(T(0x0010, 0x0010)));
    }

    [Fact]
    public void A_bare_implicit_little_endian_dataset_is_detected()
    {
        using var file = Open(Patient(DicomBytes.ImplicitLittle()).ToArray());
        Assert.Equal(TransferSyntax.ImplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal(0, file.Meta.Count);
        Assert.Equal("DOE^J", file.Dataset.GetString(T(0x0010, 0x0010)));
    }

    [Fact]
    public void A_bare_explicit_little_endian_dataset_is_detected()
    {
        using var file = Open(Patient(DicomBytes.ExplicitLittle()).ToArray());
        Assert.Equal(TransferSyntax.ExplicitVRLittleEndian, file.TransferSyntax);
        Assert.Equal(DicomVR.PN, file.Dataset.Get(T(0x0010, 0x0010))!.VR);
    }

    [Fact]
    public void A_bare_explicit_big_endian_dataset_is_detected_and_numbers_keep_their_byte_order()
    {
        var bytes = Patient(DicomBytes.ExplicitBig()).Element(0x0028, 0x0010, "US", [0x01, 0x02]).ToArray();
        using var file = Open(bytes);
        Assert.Equal(TransferSyntax.ExplicitVRBigEndian, file.TransferSyntax);
        Assert.Equal(new byte[] { 0x01, 0x02 }, Bytes(file.Dataset, T(0x0028, 0x0010)));
    }

    [Fact]
    public void Explicit_big_endian_part10_keeps_the_meta_group_little_endian()
    {
        var bytes = Patient(DicomBytes.Part10("1.2.840.10008.1.2.2", bigEndian: true)).Element(0x0028, 0x0010, "US", [0x00, 0x40]).ToArray();
        using var file = Open(bytes);
        Assert.True(file.TransferSyntax.IsBigEndian);
        var written = Save(file);
        Assert.Equal(DatasetBytes(bytes), DatasetBytes(written));
    }

    [Fact]
    public void A_declared_explicit_syntax_over_implicit_bytes_is_read_as_found_with_a_warning()
    {
        var bytes = Patient(DicomBytes.Part10("1.2.840.10008.1.2.1", explicitVR: false)).ToArray();
        using var file = Open(bytes);
        Assert.False(file.TransferSyntax.IsExplicitVR);
        Assert.Equal("DOE^J", file.Dataset.GetString(T(0x0010, 0x0010)));
        Assert.Contains(file.Warnings, w => w.Message.Contains("declared transfer syntax", StringComparison.Ordinal));
    }

    [Fact]
    public void Something_that_is_not_dicom_gives_a_format_exception()
    {
        var text = "hello, this is a text file and not an image at all"u8.ToArray();
        var error = Assert.Throws<DicomFormatException>(() => Open(text));
        Assert.Contains("not a DICOM file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_input_gives_a_format_exception()
    {
        Assert.Throws<DicomFormatException>(() => Open([]));
    }

    [Fact]
    public void Opening_a_file_reads_its_header_and_leaves_the_large_pixel_data_in_the_file_until_it_is_written()
    {
        var dataset = new DicomDataset();
        dataset.SetString(T(0x0010, 0x0010), DicomVR.PN, "DOE^J");
        dataset.SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[1 << 20]);
        using var bytes = new MemoryStream();
        new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian).Save(bytes);
        var counting = new CountingStream(bytes.ToArray());

        using var file = DicomFile.Open(counting);

        Assert.Equal("DOE^J", file.Dataset.GetString(T(0x0010, 0x0010)));
        Assert.InRange(counting.BytesRead, 1, 64 * 1024); // the header, and a little read-ahead: not the 1 MiB
        using var copy = new MemoryStream();
        file.Save(copy);
        Assert.Equal(bytes.Length, copy.Length);
    }

    private sealed class CountingStream(byte[] bytes) : MemoryStream(bytes, writable: false)
    {
        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            BytesRead += read;
            return read;
        }

        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer);
            BytesRead += read;
            return read;
        }
    }
}
