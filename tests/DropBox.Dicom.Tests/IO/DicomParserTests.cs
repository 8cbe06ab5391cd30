using System.Text;
using static DropBox.Dicom.Tests.Dicom;

namespace DropBox.Dicom.Tests;

public sealed class DicomParserTests
{
    private const string ExplicitLE = "1.2.840.10008.1.2.1";

    [Theory]
    [InlineData("OB")] [InlineData("OD")] [InlineData("OF")] [InlineData("OL")] [InlineData("OV")] [InlineData("OW")]
    [InlineData("SV")] [InlineData("UC")] [InlineData("UN")] [InlineData("UR")] [InlineData("UT")] [InlineData("UV")]
    public void Long_length_VRs_have_two_reserved_bytes_and_a_4_byte_length(string vr)
    {
        var value = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };
        var bytes = DicomBytes.Part10(ExplicitLE).Element(0x0009, 0x1001, vr, value).Text(0x0010, 0x0010, "PN", "AB").ToArray();
        using var file = Open(bytes);
        Assert.Equal(value, Bytes(file.Dataset, T(0x0009, 0x1001)));
        Assert.Equal(DicomVR.FromString(vr), file.Dataset.Get(T(0x0009, 0x1001))!.VR);
        Assert.Equal(DatasetBytes(bytes), DatasetBytes(Save(file)));
    }

    [Theory]
    [InlineData("AE")] [InlineData("CS")] [InlineData("DS")] [InlineData("LO")] [InlineData("SH")] [InlineData("US")] [InlineData("UL")] [InlineData("FD")] [InlineData("AT")]
    public void Short_length_VRs_have_a_2_byte_length(string vr)
    {
        var value = new byte[] { 0x31, 0x32, 0x33, 0x34, 0x35, 0x36, 0x37, 0x38 };
        var bytes = DicomBytes.Part10(ExplicitLE).Element(0x0009, 0x1001, vr, value).Text(0x0010, 0x0010, "PN", "AB").ToArray();
        using var file = Open(bytes);
        Assert.Equal(value, Bytes(file.Dataset, T(0x0009, 0x1001)));
        Assert.Equal(DatasetBytes(bytes), DatasetBytes(Save(file)));
    }

    [Fact]
    public void Odd_lengths_are_read_with_a_warning_and_padded_per_VR_on_write()
    {
        var bytes = DicomBytes.Part10(ExplicitLE)
            .Text(0x0008, 0x0018, "UI", "1.2.3")
            .Text(0x0010, 0x0010, "PN", "ABC")
            .Element(0x0011, 0x1001, "OB", [9, 9, 9])
            .ToArray();
        using var file = Open(bytes);
        Assert.Equal(3, file.Warnings.Count(w => w.Message.Contains("odd value length", StringComparison.Ordinal)));
        using var again = RoundTrip(file);
        Assert.Equal("1.2.3\0"u8.ToArray(), Bytes(again.Dataset, T(0x0008, 0x0018)));
        Assert.Equal("ABC "u8.ToArray(), Bytes(again.Dataset, T(0x0010, 0x0010)));
        Assert.Equal(new byte[] { 9, 9, 9, 0 }, Bytes(again.Dataset, T(0x0011, 0x1001)));
        Assert.Empty(again.Warnings);
    }

    [Fact]
    public void UN_of_undefined_length_is_parsed_as_an_implicit_little_endian_sequence_and_written_back_as_an_SQ()
    {
        var item = DicomBytes.ImplicitLittle().Text(0x0011, 0x0010, "LO", "ACME").Text(0x0011, 0x1001, "LO", "SECRET");
        var bytes = DicomBytes.Part10(ExplicitLE)
            .Sequence(0x0011, 0x1010, "UN", definedLength: false, definedItems: false, DicomBytes.ImplicitLittle(), item)
            .Text(0x0020, 0x0010, "SH", "42")
            .ToArray();
        using var file = Open(bytes);
        var sequence = Assert.IsType<DicomSequence>(file.Dataset.Get(T(0x0011, 0x1010)));
        Assert.Equal(DicomVR.UN, sequence.VR);
        Assert.True(sequence.ImplicitLittleEndianContent);
        Assert.Equal("SECRET", Encoding.ASCII.GetString(Bytes(Assert.Single(sequence.Items), T(0x0011, 0x1001))));
        // Written as every reader then parses it (dcmtk warns about a UN sequence): an SQ in the file's encoding.
        var explicitItem = DicomBytes.ExplicitLittle().Text(0x0011, 0x0010, "LO", "ACME").Text(0x0011, 0x1001, "UN", "SECRET");
        var expected = DicomBytes.Part10(ExplicitLE)
            .Sequence(0x0011, 0x1010, "SQ", definedLength: false, definedItems: false, DicomBytes.ExplicitLittle(), explicitItem)
            .Text(0x0020, 0x0010, "SH", "42")
            .ToArray();
        Assert.Equal(DatasetBytes(expected), DatasetBytes(Save(file)));
    }

    [Fact]
    public void An_unknown_element_of_undefined_length_in_implicit_VR_is_parsed_as_a_sequence()
    {
        var item = DicomBytes.ImplicitLittle().Text(0x0029, 0x0010, "LO", "ACME").Text(0x0029, 0x1001, "LO", "ABCD");
        var bytes = DicomBytes.ImplicitLittle()
            .Text(0x0008, 0x0060, "CS", "MR")
            .Sequence(0x0029, 0x1020, definedLength: false, definedItems: false, item)
            .ToArray();
        using var file = Open(bytes);
        var sequence = Assert.IsType<DicomSequence>(file.Dataset.Get(T(0x0029, 0x1020)));
        Assert.Equal(2, Assert.Single(sequence.Items).Count);
        Assert.Equal(bytes, DatasetBytes(Save(file)));
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Nested_sequences_keep_their_length_form_and_round_trip(bool definedSequences, bool definedItems)
    {
        var inner = DicomBytes.ExplicitLittle().Text(0x0040, 0xA160, "UT", "TEXT");
        var middle = DicomBytes.ExplicitLittle().Text(0x0040, 0xA040, "CS", "CONTAINER ")
            .Sequence(0x0040, 0xA730, definedSequences, definedItems, inner, inner);
        var bytes = DicomBytes.Part10(ExplicitLE)
            .Sequence(0x0040, 0xA730, definedSequences, definedItems, middle)
            .Text(0x0040, 0xA744, "CS", "YES ")
            .ToArray();
        using var file = Open(bytes);
        var outer = Assert.IsType<DicomSequence>(file.Dataset.Get(T(0x0040, 0xA730)));
        Assert.Equal(!definedSequences, outer.UndefinedLength);
        var nested = Assert.IsType<DicomSequence>(outer.Items[0].Get(T(0x0040, 0xA730)));
        Assert.Equal(2, nested.Items.Count);
        Assert.Equal(!definedItems, nested.Items[1].UndefinedLength);
        Assert.Same(outer.Items[0], nested.Items[0].Parent);
        Assert.Equal(DatasetBytes(bytes), DatasetBytes(Save(file)));
    }

    [Fact]
    public void Defined_lengths_are_recomputed_when_an_item_changes()
    {
        var item = DicomBytes.ExplicitLittle().Text(0x0008, 0x0100, "SH", "AB");
        var bytes = DicomBytes.Part10(ExplicitLE).Sequence(0x0008, 0x1032, true, true, item).ToArray();
        using var file = Open(bytes);
        var sequence = Assert.IsType<DicomSequence>(file.Dataset.Get(T(0x0008, 0x1032)));
        sequence.Items[0].SetString(T(0x0008, 0x0104), DicomVR.LO, "A LONGER MEANING");
        using var again = RoundTrip(file);
        var read = Assert.IsType<DicomSequence>(again.Dataset.Get(T(0x0008, 0x1032)));
        Assert.False(read.UndefinedLength);
        Assert.Equal("A LONGER MEANING", read.Items[0].GetString(T(0x0008, 0x0104)));
        Assert.Empty(again.Warnings);
    }

    [Fact]
    public void Blank_VR_bytes_are_tolerated_with_the_dictionary_VR_and_a_warning()
    {
        var bytes = DicomBytes.Part10(ExplicitLE)
            .Text(0x0010, 0x0010, "PN", "AB")
            .Tag(0x0010, 0x0020).Raw("  "u8.ToArray()).U16(4).Raw("1234"u8.ToArray())
            .Text(0x0010, 0x0030, "DA", "20000101")
            .ToArray();
        using var file = Open(bytes);
        Assert.Equal(DicomVR.LO, file.Dataset.Get(T(0x0010, 0x0020))!.VR);
        Assert.Equal("20000101", file.Dataset.GetString(T(0x0010, 0x0030)));
        Assert.Contains(file.Warnings, w => w.Message.Contains("non-standard VR", StringComparison.Ordinal) && w.TagPath == "(0010,0020)");
    }

    [Fact]
    public void An_implicit_VR_element_inside_an_explicit_VR_dataset_is_delimited_by_its_4_byte_length()
    {
        var bytes = DicomBytes.Part10(ExplicitLE)
            .Text(0x0010, 0x0010, "PN", "AB")
            .Tag(0x0010, 0x0020).U32(70000).Raw(Enumerable.Repeat((byte)'7', 70000).ToArray())
            .Text(0x0010, 0x0030, "DA", "20000101")
            .ToArray();
        using var file = Open(bytes);
        Assert.Equal(70000, file.Dataset.Get(T(0x0010, 0x0020)) is DicomElement e ? e.Value.Length : -1);
        Assert.Equal("20000101", file.Dataset.GetString(T(0x0010, 0x0030)));
        Assert.Contains(file.Warnings, w => w.Message.Contains("implicit VR", StringComparison.Ordinal));
    }

    [Fact]
    public void A_declared_length_beyond_the_end_is_an_error_not_an_allocation()
    {
        var bytes = DicomBytes.Part10(ExplicitLE).Header(0x0010, 0x1000, "UT", 0x7FFFFFF0).Raw([1, 2, 3, 4]).ToArray();
        var error = Assert.Throws<DicomFormatException>(() => Open(bytes));
        Assert.Equal("(0010,1000)", error.TagPath);
        Assert.Contains("exceeds", error.Message, StringComparison.Ordinal);
        Assert.True(error.Offset > 132);
    }

    [Fact]
    public void An_error_inside_a_sequence_names_the_tag_path()
    {
        var inner = DicomBytes.ExplicitLittle().Text(0x0040, 0xA040, "CS", "TEXT").Header(0x0040, 0xA160, "UT", 1000).Raw([65, 66]);
        var bytes = DicomBytes.Part10(ExplicitLE)
            .Sequence(0x0040, 0xA730, false, false, DicomBytes.ExplicitLittle(), DicomBytes.ExplicitLittle(), inner)
            .ToArray();
        var error = Assert.Throws<DicomFormatException>(() => Open(bytes));
        Assert.Equal("(0040,A730)[2]>(0040,A160)", error.TagPath);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_refused()
    {
        var level = DicomBytes.ExplicitLittle().Text(0x0008, 0x0100, "SH", "AB");
        for (var i = 0; i < 80; i++)
        {
            level = DicomBytes.ExplicitLittle().Sequence(0x0040, 0xA730, false, false, level);
        }
        var bytes = DicomBytes.Part10(ExplicitLE).Raw(level.ToArray()).ToArray();
        var error = Assert.Throws<DicomFormatException>(() => Open(bytes));
        Assert.Contains("nested deeper", error.Message, StringComparison.Ordinal);
    }
}
