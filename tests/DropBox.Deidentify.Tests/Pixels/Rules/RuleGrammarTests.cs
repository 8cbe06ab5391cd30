using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Pixels.Rules.RuleHeaders;

namespace DropBox.Deidentify.Tests.Pixels.Rules;

/// <summary>The condition language: every method, precedence, nesting, keywords and tags, multi-valued and numeric values.</summary>
public sealed class RuleGrammarTests
{
    private static readonly DicomDataset Device = Header(
        ("Manufacturer", "Philips Medical Systems"), ("ManufacturerModelName", "iU22"), ("Modality", "US"),
        ("Rows", "480"), ("Columns", "640"), ("ImageType", "DERIVED\\SECONDARY"), ("WindowWidth", "1.0"),
        ("SeriesDescription", "Carotid (left)"));

    [Theory]
    [InlineData("Manufacturer.equals(\"Philips Medical Systems\")", true)]
    [InlineData("Manufacturer.equals(\"philips medical systems\")", false)]
    [InlineData("Manufacturer.equalsIgnoreCase(\"philips medical systems\")", true)]
    [InlineData("Manufacturer.contains(\"Medical\")", true)]
    [InlineData("Manufacturer.contains(\"medical\")", false)]
    [InlineData("Manufacturer.containsIgnoreCase(\"MEDICAL\")", true)]
    [InlineData("Manufacturer.startsWith(\"Philips\")", true)]
    [InlineData("Manufacturer.startsWith(\"philips\")", false)]
    [InlineData("Manufacturer.startsWithIgnoreCase(\"PHILIPS\")", true)]
    [InlineData("Manufacturer.endsWith(\"Systems\")", true)]
    [InlineData("Manufacturer.endsWith(\"SYSTEMS\")", false)]
    [InlineData("Manufacturer.endsWithIgnoreCase(\"SYSTEMS\")", true)]
    [InlineData("Manufacturer.matches(\"Phil.*Sys.*\")", true)]
    [InlineData("Manufacturer.matches(\"Phil\")", false)]
    [InlineData("Manufacturer.matchesIgnoreCase(\"PHIL.*\")", true)]
    [InlineData("Rows.isLessThan(\"500\")", true)]
    [InlineData("Rows.isLessThan(\"480\")", false)]
    [InlineData("Rows.isGreaterThan(\"479\")", true)]
    [InlineData("Rows.isGreaterThan(\"480\")", false)]
    [InlineData("Manufacturer.isPresent()", true)]
    [InlineData("StationName.isPresent()", false)]
    [InlineData("StationName.isBlank()", true)]
    [InlineData("Manufacturer.isBlank()", false)]
    [InlineData("true.", true)]
    [InlineData("false.", false)]
    public void Every_method_tests_what_its_name_says(string condition, bool expected) =>
        Assert.Equal(expected, Matches(condition, Device));

    [Theory]
    [InlineData("Modality.equals(\"US\") + Modality.equals(\"CT\") * Rows.equals(\"1\")", true)] // + binds loosest
    [InlineData("(Modality.equals(\"US\") + Modality.equals(\"CT\")) * Rows.equals(\"1\")", false)]
    [InlineData("!Modality.equals(\"CT\") * Rows.equals(\"480\")", true)] // ! binds tightest
    [InlineData("!(Modality.equals(\"US\") * Rows.equals(\"1\"))", true)]
    [InlineData("!Modality.equals(\"US\") * Rows.equals(\"1\") + Columns.equals(\"640\")", true)]
    [InlineData("((Modality.equals(\"US\") * (Rows.equals(\"1\") + (Columns.equals(\"640\")))))", true)]
    [InlineData("!!Modality.equals(\"US\")", true)]
    public void Not_binds_tighter_than_and_and_and_tighter_than_or_and_parentheses_nest(string condition, bool expected) =>
        Assert.Equal(expected, Matches(condition, Device));

    [Theory]
    [InlineData("*", "+", "!")]
    [InlineData("and", "or", "not ")]
    [InlineData("AND", "OR", "NOT ")]
    [InlineData("&&", "||", "!")]
    [InlineData("&", "|", "not ")]
    public void Words_and_c_style_operators_mean_what_ctp_symbols_mean(string and, string or, string not)
    {
        Assert.True(Matches($"Modality.equals(\"US\") {and} Rows.equals(\"480\")", Device));
        Assert.False(Matches($"Modality.equals(\"US\") {and} Rows.equals(\"1\")", Device));
        Assert.True(Matches($"Modality.equals(\"CT\") {or} Rows.equals(\"480\")", Device));
        Assert.False(Matches($"{not}Modality.equals(\"US\")", Device));
    }

    [Theory]
    [InlineData("[0008,0070].containsIgnoreCase(\"philips\")")]
    [InlineData("[0008,1090].equals(\"iU22\")")]
    [InlineData("[0028,0010].equals(\"480\")")]
    [InlineData("[0008,103e].startsWith(\"Carotid\")")] // lower-case hex, as CTP files have it
    [InlineData("(0008,0070).containsIgnoreCase(\"philips\")")] // CTP's anonymizer spelling of a tag
    [InlineData("((0028,0011).equals(\"640\") * (0028,0010).equals(\"480\"))")]
    public void A_tag_in_square_brackets_reads_the_same_element_as_its_keyword(string condition) =>
        Assert.True(Matches(condition, Device));

    [Theory]
    [InlineData("ImageType.equals(\"SECONDARY\")", true)]           // one value of several
    [InlineData("ImageType.equals(\"DERIVED\\SECONDARY\")", true)]  // the whole value, as CTP sees it
    [InlineData("ImageType.startsWith(\"SECONDARY\")", true)]       // per value
    [InlineData("ImageType.endsWith(\"DERIVED\")", true)]
    [InlineData("ImageType.containsIgnoreCase(\"secondary\")", true)]
    [InlineData("ImageType.equals(\"PRIMARY\")", false)]
    [InlineData("ImageType.matches(\"DERIVED\\\\\\\\SEC.*\")", true)] // \\\\ in the file is a regex backslash
    public void A_multi_valued_attribute_matches_when_its_whole_value_or_any_one_value_does(string condition, bool expected) =>
        Assert.Equal(expected, Matches(condition, Device));

    [Theory]
    [InlineData("Rows.equals(\"480\")", true)]       // US, stored as a binary number
    [InlineData("Rows.equals(\"0480\")", true)]      // numbers compare as numbers
    [InlineData("Rows.equals(\"480.0\")", true)]
    [InlineData("Rows.contains(\"48\")", true)]      // and as text where the method is a text method
    [InlineData("Rows.equals(\"481\")", false)]
    [InlineData("WindowWidth.equals(\"1\")", true)]  // DS "1.0"
    [InlineData("WindowWidth.isLessThan(\"1.5\")", true)]
    [InlineData("Manufacturer.equals(\"0\")", false)]
    public void Numeric_attributes_compare_as_numbers(string condition, bool expected) =>
        Assert.Equal(expected, Matches(condition, Device));

    [Fact]
    public void Binary_numbers_are_read_in_the_byte_order_of_the_file()
    {
        var rules = ParseRules("big\n{ Rows.equals(\"480\") * Columns.equals(\"640\") }\n(0,0,640,40)\n");
        var bigEndian = Header(true, ("Rows", "480"), ("Columns", "640"));

        Assert.Single(rules.Match(bigEndian, meta: null, bigEndian: true).Regions);
        Assert.Empty(rules.Match(bigEndian, meta: null, bigEndian: false).Regions);
    }

    [Fact]
    public void An_absent_element_reads_as_an_empty_value_as_in_ctp()
    {
        var empty = Header(("Modality", "US"));

        Assert.True(Matches("StationName.equals(\"\")", empty));
        Assert.True(Matches("!StationName.contains(\"A\")", empty));
        Assert.False(Matches("StationName.contains(\"A\")", empty));
        Assert.False(Matches("Rows.isLessThan(\"5\")", empty)); // no number, no order
    }

    [Fact]
    public void IsBlank_is_true_for_an_absent_an_empty_or_an_all_space_value()
    {
        Assert.True(Matches("StationName.isBlank()", Header(("StationName", "  "))));
        Assert.True(Matches("StationName.isBlank() * StationName.isPresent()", Header(("StationName", ""))));
        Assert.False(Matches("StationName.isBlank()", Header(("StationName", "US1"))));
    }

    [Fact]
    public void A_sequence_path_matches_when_any_item_does()
    {
        var dataset = Header(("Modality", "US"));
        var regions = new DicomSequence(new DicomTag(0x0018, 0x6011));
        foreach (var minY in new[] { "10", "40" })
        {
            var item = new DicomDataset(dataset);
            Set(item, new DicomTag(0x0018, 0x601A), DicomVR.UL, minY);
            regions.Items.Add(item);
        }
        dataset.Set(regions);

        Assert.True(Matches("SequenceOfUltrasoundRegions::RegionLocationMinY0.equals(\"40\")", dataset));
        Assert.True(Matches("[0018,6011]::[0018,601A].equals(\"10\")", dataset));
        Assert.False(Matches("SequenceOfUltrasoundRegions::RegionLocationMinY0.equals(\"20\")", dataset));
        Assert.False(Matches("RegionLocationMinY0.isPresent()", dataset)); // a plain keyword reads the top level only
    }

    [Fact]
    public void A_file_meta_keyword_is_read_from_the_meta_group()
    {
        var rules = ParseRules("mindray\n{ Modality.equals(\"US\") * ImplementationVersionName.contains(\"MINDRAY\") }\n(0,0,1229,69)\n");
        var meta = Header(("ImplementationVersionName", "MINDRAY_1_0"));

        Assert.Single(rules.Match(Header(("Modality", "US")), meta, bigEndian: false).Regions);
        Assert.Empty(rules.Match(Header(("Modality", "US"))).Regions);
    }

    [Fact]
    public void Text_in_quotes_keeps_backslashes_and_reads_escaped_quotes()
    {
        var dataset = Header(("SeriesDescription", "say \"hi\""), ("ImageType", "A\\B"));

        Assert.True(Matches("SeriesDescription.equals(\"say \\\"hi\\\"\")", dataset));
        Assert.True(Matches("ImageType.equals(\"A\\B\")", dataset));
    }

    [Fact]
    public void A_private_element_of_unknown_vr_is_read_as_text_when_it_holds_text()
    {
        var dataset = Header(("Modality", "US"));
        dataset.SetBytes(new DicomTag(0x0019, 0x1010), DicomVR.UN, "ACME_SCREEN\\2 "u8.ToArray());
        dataset.SetBytes(new DicomTag(0x0019, 0x1012), DicomVR.UN, [0x01, 0xFF, 0x41, 0x00]);

        Assert.True(Matches("[0019,1010].startsWith(\"ACME\")", dataset));
        Assert.True(Matches("[0019,1010].equals(\"2\")", dataset));
        Assert.False(Matches("[0019,1012].contains(\"A\")", dataset)); // binary bytes are not text
        Assert.True(Matches("[0019,1012].isPresent()", dataset));
    }

    [Fact]
    public void Whitespace_and_line_breaks_may_stand_between_every_token()
    {
        Assert.True(Matches("\n  Modality . equals ( \"US\" )\n  *\n  [0028,0010].equals\t(\"480\")\n", Device));
    }
}
