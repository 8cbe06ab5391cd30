using static DropBox.Dicom.Tests.Dicom;

namespace DropBox.Dicom.Tests;

public sealed class DicomDatasetTests
{
    [Fact]
    public void Items_are_kept_sorted_by_tag_and_replaced_by_tag()
    {
        var ds = new DicomDataset();
        ds.SetString(T(0x0010, 0x0020), DicomVR.LO, "B");
        ds.SetString(T(0x0008, 0x0060), DicomVR.CS, "MR");
        ds.SetString(T(0x0010, 0x0010), DicomVR.PN, "A");
        ds.SetString(T(0x0010, 0x0020), DicomVR.LO, "C");
        Assert.Equal([T(0x0008, 0x0060), T(0x0010, 0x0010), T(0x0010, 0x0020)], ds.Select(i => i.Tag));
        Assert.Equal("C", ds.GetString(T(0x0010, 0x0020)));
        Assert.True(ds.Remove(T(0x0010, 0x0010)));
        Assert.False(ds.Contains(T(0x0010, 0x0010)));
        Assert.Null(ds.Get(T(0x0010, 0x0010)));
    }

    [Fact]
    public void SetString_pads_to_even_length_with_the_VR_padding_byte()
    {
        var ds = new DicomDataset();
        ds.SetString(T(0x0008, 0x0018), DicomVR.UI, "1.2.3");
        ds.SetString(T(0x0010, 0x0010), DicomVR.PN, "ABC");
        Assert.Equal("1.2.3\0"u8.ToArray(), Bytes(ds, T(0x0008, 0x0018)));
        Assert.Equal("ABC "u8.ToArray(), Bytes(ds, T(0x0010, 0x0010)));
        Assert.Equal("1.2.3", ds.GetString(T(0x0008, 0x0018)));
    }

    [Fact]
    public void GetString_is_null_for_binary_and_absent_elements()
    {
        var ds = new DicomDataset();
        ds.SetBytes(T(0x0028, 0x0010), DicomVR.US, [0, 1]);
        Assert.Null(ds.GetString(T(0x0028, 0x0010)));
        Assert.Null(ds.GetString(T(0x0010, 0x0010)));
    }

    [Fact]
    public void A_sequence_item_inherits_the_character_set_unless_it_has_its_own()
    {
        var top = new DicomDataset();
        top.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 192");
        var inheriting = new DicomDataset(top);
        var own = new DicomDataset(top);
        own.SetString(DicomTag.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100");
        Assert.Equal("ISO_IR 192", inheriting.CharacterSet.Terms[0]);
        Assert.Equal("ISO_IR 100", own.CharacterSet.Terms[0]);
        Assert.Empty(new DicomDataset().CharacterSet.Terms);
    }

    [Fact]
    public void Adding_a_sequence_makes_the_dataset_the_parent_of_its_items()
    {
        var top = new DicomDataset();
        var sequence = new DicomSequence(T(0x0008, 0x1032));
        var item = new DicomDataset();
        sequence.Items.Add(item);
        top.Set(sequence);
        Assert.Same(top, item.Parent);
    }
}
