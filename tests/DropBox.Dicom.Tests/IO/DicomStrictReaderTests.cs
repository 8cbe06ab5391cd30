using DropBox.Testing;

namespace DropBox.Dicom.Tests.IO;

public sealed class DicomStrictReaderTests
{
    private const string ExplicitLittle = "1.2.840.10008.1.2.1";

    [Theory]
    [InlineData("1.2.840.10008.1.2")]
    [InlineData("1.2.840.10008.1.2.1")]
    [InlineData("1.2.840.10008.1.2.2")]
    [InlineData("1.2.840.10008.1.2.1.99")]
    public void What_the_writer_writes_reads_back_strictly_as_the_same_tree(string syntax)
    {
        var ds = new DicomDataset();
        ds.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.4");
        var sequence = new DicomSequence(new DicomTag(0x0008, 0x1140)) { UndefinedLength = false };
        var item = new DicomDataset();
        item.SetString(new DicomTag(0x0008, 0x1155), DicomVR.UI, "2.25.7");
        sequence.Items.Add(item);
        sequence.Items.Add(new DicomDataset() { UndefinedLength = true });
        ds.Set(sequence);
        ds.SetBytes(DicomTag.PixelData, DicomVR.OW, new byte[64]);
        using var file = new DicomFile(ds, TransferSyntax.FromUid(syntax));

        var structure = DicomStrictReader.Read(new MemoryStream(Dicom.Save(file)));

        Assert.Null(structure.FirstDifference(ds));
        Assert.Single(structure.PixelValues);
    }

    [Fact]
    public void Fragments_are_read_as_pixel_data_items_and_their_places_are_reported()
    {
        var bytes = DicomBytes.Part10("1.2.840.10008.1.2.5").Encapsulated([], [1, 2, 3, 4], [5, 6]).ToArray();

        var structure = DicomStrictReader.Read(new MemoryStream(bytes));

        Assert.Equal(3, Assert.Single(structure.Dataset).FragmentItems);
        Assert.Equal([0L, 4L, 2L], structure.PixelValues.Select(p => p.Length));
    }

    public static TheoryData<string, byte[]> Rejected() => new()
    {
        { "odd value length", DicomBytes.Part10(ExplicitLittle).Text(0x0010, 0x0010, "PN", "ODD").ToArray() },
        { "elements out of order", DicomBytes.Part10(ExplicitLittle).Text(0x0010, 0x0020, "LO", "ID").Text(0x0010, 0x0010, "PN", "NA").ToArray() },
        { "an item or delimiter where a data element should be",
            DicomBytes.Part10(ExplicitLittle).Sequence(0x0008, 0x1140, definedLength: true, definedItems: true,
                DicomBytes.ExplicitLittle().Tag(0xFFFE, 0xE00D).U32(0)).ToArray() },
        { "trailing bytes", [.. DicomBytes.Part10(ExplicitLittle).Text(0x0010, 0x0010, "PN", "NA").ToArray(), 0x08, 0x00] },
        { "a sequence attribute written as a UN value",
            DicomBytes.Part10(ExplicitLittle).Element(0x300A, 0x0010, "UN", [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0]).ToArray() },
        { "a sequence attribute written as a CS value",
            DicomBytes.Part10(ExplicitLittle).Element(0x0040, 0xA170, "CS", [0xFE, 0xFF, 0x00, 0xE0, 0, 0, 0, 0]).ToArray() },
        { "value length 64 runs past the end of its item",
            DicomBytes.Part10(ExplicitLittle).Sequence(0x0008, 0x1140, definedLength: true, definedItems: true,
                DicomBytes.ExplicitLittle().Header(0x0008, 0x1155, "UI", 64).Raw(new byte[8])).ToArray() },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void A_file_a_strict_reader_would_reject_or_read_another_way_is_refused(string problem, byte[] bytes)
    {
        var error = Assert.Throws<DicomFormatException>(() => DicomStrictReader.Read(new MemoryStream(bytes)));
        Assert.False(string.IsNullOrEmpty(error.Problem), problem);
    }

    [ToolFact("dcmdump")]
    public void A_sequence_sent_with_a_CS_VR_is_read_as_a_sequence_and_rewritten_so_dcmdump_reads_it()
    {
        // (0040,A170) Purpose of Reference Code Sequence sent with VR CS, its items in the file's encoding.
        var item = DicomBytes.ExplicitLittle().Text(0x0008, 0x0100, "SH", "121311").Text(0x0008, 0x0102, "SH", "DCM ");
        var bytes = DicomBytes.Part10(ExplicitLittle).Sequence(0x0040, 0xA170, "CS", definedLength: true, definedItems: true, DicomBytes.ExplicitLittle(), item).ToArray();
        using var dir = new TempDir("dropbox-rewrite");
        var output = dir.Combine("out.dcm");

        using (var file = Dicom.Open(bytes))
        {
            Assert.Single(Assert.IsType<DicomSequence>(file.Dataset.Get(new DicomTag(0x0040, 0xA170))).Items);
            file.Save(output);
        }

        Assert.True(Dcmdump.Check(output).IsClean, Dcmdump.Check(output).ToString());
        Assert.Contains(Dcmdump.Elements(output), e => e.TagPath.Contains("(0008,0100)", StringComparison.Ordinal));
    }

    [Fact]
    public void A_sequence_attribute_whose_bytes_are_no_sequence_is_refused_by_save_and_nothing_is_left()
    {
        var bytes = DicomBytes.Part10(ExplicitLittle).Text(0x0040, 0xA170, "CS", "NOT AN ITEM ").ToArray();
        using var dir = new TempDir("dropbox-rewrite");
        var output = dir.Combine("out.dcm");
        using var file = Dicom.Open(bytes);

        var error = Assert.Throws<DicomFormatException>(() => file.Save(output));

        Assert.Contains("(0040,A170)", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFiles(dir.Path));
    }
}
