using DropBox.Testing;
using DropBox.DictionaryGenerator;

namespace DropBox.Dicom.Tests.Dictionary;

public sealed class DicomDictionaryTests
{
    [Fact]
    public void Patient_name_is_a_person_name_with_its_keyword_and_name()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0010, 0x0010));

        Assert.NotNull(entry);
        Assert.Equal(DicomVR.PN, entry.VR);
        Assert.Equal("1", entry.VM);
        Assert.Equal("PatientName", entry.Keyword);
        Assert.Equal("Patient's Name", entry.Name);
        Assert.False(entry.Retired);
    }

    [Fact]
    public void Lookups_from_many_threads_at_once_agree_with_each_other()
    {
        // Rows are parsed on first lookup without a lock; racing threads may parse one row twice but must agree.
        var tags = DicomDictionary.All.Take(400).Select(e => e.Tag).ToArray();
        var results = new DicomDictionaryEntry?[8][];
        Parallel.For(0, results.Length, t => results[t] = tags.Select(DicomDictionary.Lookup).ToArray());

        foreach (var run in results)
        {
            Assert.Equal(results[0]!, run);
        }
        Assert.All(results[0]!, Assert.NotNull);
    }

    [Fact]
    public void Pixel_data_allows_OW_and_OB_and_decodes_as_OW_without_an_explicit_VR()
    {
        var entry = DicomDictionary.Lookup(DicomTag.PixelData)!;

        Assert.Equal([DicomVR.OW, DicomVR.OB], entry.VRs);
        Assert.Equal(DicomVR.OW, DicomDictionary.ImplicitVR(DicomTag.PixelData));
    }

    [Fact]
    public void Us_or_ss_attributes_list_both_with_US_first()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0028, 0x0106))!; // Smallest Image Pixel Value

        Assert.Equal([DicomVR.US, DicomVR.SS], entry.VRs);
        Assert.True(entry.HasAlternativeVRs);
    }

    [Fact]
    public void Lut_data_decodes_as_OW_so_a_full_65536_entry_table_fits_an_explicit_length()
    {
        Assert.Equal([DicomVR.OW, DicomVR.US], DicomDictionary.Lookup(new DicomTag(0x0028, 0x3006))!.VRs);
        Assert.Equal([DicomVR.OW, DicomVR.US, DicomVR.SS], DicomDictionary.Lookup(new DicomTag(0x0028, 0x1200))!.VRs);
    }

    [Fact]
    public void Overlay_data_in_any_even_60xx_group_resolves_to_the_overlay_entry_with_the_asked_tag()
    {
        var tag = new DicomTag(0x6002, 0x3000);
        var entry = DicomDictionary.Lookup(tag)!;

        Assert.Equal("OverlayData", entry.Keyword);
        Assert.Equal(tag, entry.Tag);
        Assert.Equal(DicomVR.OW, entry.VR);
    }

    [Fact]
    public void Curve_data_in_a_50xx_group_resolves_to_the_retired_curve_entry()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x501E, 0x3000))!;

        Assert.Equal("CurveData", entry.Keyword);
        Assert.True(entry.Retired);
    }

    [Fact]
    public void Retired_element_families_with_an_index_in_the_element_resolve_through_patterns()
    {
        Assert.Equal("CoefficientCoding", DicomDictionary.KeywordOf(new DicomTag(0x0028, 0x0452)));
        Assert.Equal("ZonalMap", DicomDictionary.KeywordOf(new DicomTag(0x1010, 0x1234)));
        Assert.Equal("ShiftTableTriplet", DicomDictionary.KeywordOf(new DicomTag(0x1000, 0x0115)));
        Assert.Equal("SourceImageIDs", DicomDictionary.KeywordOf(new DicomTag(0x0020, 0x31AB)));
        Assert.Equal("GroupLength", DicomDictionary.KeywordOf(new DicomTag(0x1010, 0x0000)));
        Assert.Equal("TransformLabel", DicomDictionary.KeywordOf(new DicomTag(0x0028, 0x0400))); // listed beats pattern
    }

    [Fact]
    public void A_private_creator_element_is_LO()
    {
        var entry = DicomDictionary.Lookup(new DicomTag(0x0029, 0x0010))!;

        Assert.Equal(DicomVR.LO, entry.VR);
        Assert.Equal("PrivateCreator", entry.Keyword);
    }

    [Fact]
    public void An_unknown_private_element_has_no_entry_and_decodes_as_UN()
    {
        var tag = new DicomTag(0x0029, 0x1010);

        Assert.Null(DicomDictionary.Lookup(tag));
        Assert.Equal(DicomVR.UN, DicomDictionary.ImplicitVR(tag));
        Assert.Equal("", DicomDictionary.KeywordOf(tag));
    }

    [Fact]
    public void An_odd_60xx_group_is_private_not_an_overlay()
    {
        Assert.Null(DicomDictionary.Lookup(new DicomTag(0x6001, 0x3000)));
    }

    [Fact]
    public void Keywords_find_their_entries()
    {
        Assert.True(DicomDictionary.TryGetByKeyword("StudyInstanceUID", out var study));
        Assert.Equal(new DicomTag(0x0020, 0x000D), study.Tag);
        Assert.True(DicomDictionary.TryGetByKeyword("OverlayData", out var overlay));
        Assert.Equal(new DicomTag(0x6000, 0x3000), overlay.Tag);
        Assert.False(DicomDictionary.TryGetByKeyword("NoSuchKeyword", out _));
    }

    [Fact]
    public void Entries_newer_than_2024b_come_from_the_pixelmed_dictionary()
    {
        Assert.True(DicomDictionary.TryGetByKeyword("GenderIdentitySequence", out var gender));
        Assert.Equal(new DicomTag(0x0010, 0x0041), gender.Tag);
        Assert.Equal(DicomVR.SQ, gender.VR);
        Assert.Equal("EthnicGroupCodeSequence", DicomDictionary.KeywordOf(new DicomTag(0x0010, 0x2161)));
    }

    [Fact]
    public void Command_group_elements_carry_the_retired_flag_from_dcmtk()
    {
        Assert.False(DicomDictionary.Lookup(new DicomTag(0x0000, 0x1000))!.Retired); // Affected SOP Instance UID
        Assert.True(DicomDictionary.Lookup(new DicomTag(0x0000, 0x0001))!.Retired);  // Command Length to End
    }

    [Fact]
    public void Item_and_delimitation_tags_have_no_VR()
    {
        Assert.Empty(DicomDictionary.Lookup(DicomTag.Item)!.VRs);
        Assert.Empty(DicomDictionary.Lookup(DicomTag.SequenceDelimitation)!.VRs);
        Assert.Equal("ItemDelimitationItem", DicomDictionary.KeywordOf(DicomTag.ItemDelimitation));
    }

    [Fact]
    public void The_table_holds_every_PS3_6_row_and_no_tag_twice()
    {
        var all = DicomDictionary.All.ToList();

        Assert.Equal(DicomDictionaryData.RowCount, all.Count);
        Assert.InRange(all.Count, 5300, 6000);
        Assert.Equal(all.Count, all.Select(e => e.Tag).Distinct().Count());
    }

    [DicomTablesFact]
    public void Regenerating_from_shared_dicom_gives_the_committed_file_byte_for_byte()
    {
        var sources = DicomSources.Load(RepoPaths.DicomTables!);
        var committed = File.ReadAllText(Path.Combine(RepoPaths.RepoRoot, GeneratedFiles.DictionaryPath));

        Assert.Equal(committed, DictionaryRenderer.Render(sources.Dictionary));
    }
}
