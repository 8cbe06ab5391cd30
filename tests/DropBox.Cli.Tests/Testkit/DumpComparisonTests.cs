using DropBox.Testing;

namespace DropBox.Cli.Tests.Testkit;

/// <summary>Proves the element-list oracle itself, with dcmtk's own writer (dcmconv) as the reference rewrite.</summary>
public sealed class DumpComparisonTests
{
    private const string Listing = """
        # Dicom-Data-Set
        (0008,0000) UL 286                                      #   4, 1 GenericGroupLength
        (0008,1052) SQ (Sequence with undefined length #=1)     # u/l, 1 PerformingPhysicianIdentificationSequence
          (fffe,e000) na (Item with undefined length #=2)         # u/l, 1 Item
            (0040,1101) SQ (Sequence with explicit length #=1)      #  20, 1 PersonIdentificationCodeSequence
              (fffe,e000) na (Item with explicit length #=1)          #  12, 1 Item
                (0008,0100) SH [GMC # 7, 1 x]                           #  12, 1 CodeValue
              (fffe,e00d) na (ItemDelimitationItem for re-encoding)   #   0, 0 ItemDelimitationItem
            (fffe,e0dd) na (SequenceDelimitationItem for re-encod.) #   0, 0 SequenceDelimitationItem
            (0040,1102) ST [3 Tannery Row ]                         #  14, 1 PersonAddress
          (fffe,e00d) na (ItemDelimitationItem)                   #   0, 0 ItemDelimitationItem
        (fffe,e0dd) na (SequenceDelimitationItem)               #   0, 0 SequenceDelimitationItem
        (0010,0010) PN [Quigley^Finn\000]                       #  13, 1 PatientName
        (7fe0,0010) OB (PixelSequence #=2)                      # u/l, 1 PixelData
          (fffe,e000) pi (no value available)                     #   0, 1 Item
          (fffe,e000) pi 01\02\03                                 #   3, 1 Item
        (fffe,e0dd) na (SequenceDelimitationItem)               #   0, 0 SequenceDelimitationItem
        """;

    [Fact]
    public void Nested_elements_get_item_indexed_paths_and_sequences_compare_by_item_count()
    {
        var elements = DumpParser.Parse(Listing);

        Assert.Equal(
            [
                "(0008,0000)", "(0008,1052)", "(0008,1052)[0]>(0040,1101)", "(0008,1052)[0]>(0040,1101)[0]>(0008,0100)",
                "(0008,1052)[0]>(0040,1102)", "(0010,0010)", "(7FE0,0010)",
            ],
            elements.Select(e => e.TagPath));
        Assert.Equal("(Sequence #=1)", elements[1].Value);
        Assert.Equal("[GMC # 7, 1 x]", elements[3].Value);
        Assert.Equal(12, elements[3].Length);
    }

    [Fact]
    public void An_odd_length_value_may_gain_exactly_its_pad_byte_and_nothing_else()
    {
        var input = new DumpElement("(0010,0010)", "(0010,0010)", "PN", @"[Quigley^Finn\000]", 13, "PatientName");

        Assert.True(DumpComparison.SameValue(input, input with { Value = @"[Quigley^Finn\000 ]", Length = 14 }));
        Assert.False(DumpComparison.SameValue(input, input with { Value = "[Quigley^Finn]", Length = 12 }));
        Assert.False(DumpComparison.SameValue(input, input with { Value = @"[Quigley^Finn\000  ]", Length = 15 }));
        var binary = new DumpElement("(7FE0,0010)", "(7FE0,0010)", "OB", @"00\07\0e", 3, "PixelData");
        Assert.True(DumpComparison.SameValue(binary, binary with { Value = @"00\07\0e\00", Length = 4 }));
        Assert.False(DumpComparison.SameValue(binary, binary with { Value = @"00\07\0e\01", Length = 4 }));
    }

    [Fact]
    public void Only_an_invalid_VR_may_become_UN()
    {
        var invalid = new DumpElement("(0028,0120)", "(0028,0120)", "??", @"00\00", 2, "PixelPaddingValue");

        Assert.Empty(DumpComparison.Differences([invalid], [invalid with { VR = "UN" }]));
        Assert.NotEmpty(DumpComparison.Differences([invalid with { VR = "US" }], [invalid with { VR = "UN" }]));
    }

    [Fact]
    public void Differences_name_the_element_path_and_both_values()
    {
        var input = DumpParser.Parse(Listing);
        var output = DumpParser.Parse(Listing.Replace("[3 Tannery Row ]", "[3 Tannery Row]", StringComparison.Ordinal));

        var difference = Assert.Single(DumpComparison.Differences(input, output));
        Assert.Contains("(0008,1052)[0]>(0040,1102) ST", difference, StringComparison.Ordinal);
        Assert.Contains("[3 Tannery Row ]", difference, StringComparison.Ordinal);
    }

    [CorpusFact("dcmdump", "dcmconv")]
    public void A_dcmtk_identity_rewrite_of_nested_and_odd_length_files_shows_no_element_differences()
    {
        using var tmp = new TempDir();
        foreach (var file in new[] { "synthetic/syn04_nested_sq_phi_ivrle.dcm", "synthetic/syn08_odd_length_values_raw.dcm", "real/pydicom/test-SR.dcm" })
        {
            var output = tmp.Combine(Path.GetFileName(file));
            var conv = ProcessRunner.Run("dcmconv", RepoPaths.CorpusFile(file), output);
            Assert.True(conv.ExitCode == 0, conv.Describe());

            var differences = DumpComparison.Differences(Dcmdump.Elements(RepoPaths.CorpusFile(file)), Dcmdump.Elements(output));

            Assert.True(differences.Count == 0, $"{file}:\n" + string.Join('\n', differences));
        }
    }

    [CorpusFact("dcmdump", "pydicom")]
    public void The_oracles_agree_with_the_catalog_baseline_of_an_original()
    {
        var entry = CorpusCatalog.Default!["synthetic/syn02_cn_name_gb18030_evrle.dcm"];

        Assert.Equal(entry.PydicomStrict, Pydicom.Read(entry.FullPath).Outcome);
        var check = Dcmdump.Check(entry.FullPath);
        Assert.Equal(entry.DcmdumpRc, check.ExitCode);
        Assert.Equal(entry.DcmdumpWarnings, check.StdErrLines.Count);
    }
}
