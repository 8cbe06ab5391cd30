using DropBox.Deidentify.Pixels.Rules;
using static DropBox.Deidentify.Tests.Pixels.Rules.RuleHeaders;

namespace DropBox.Deidentify.Tests.Pixels.Rules;

/// <summary>The default library (BuiltIn.pixelrules, an embedded resource): it reads, and it knows the common devices.</summary>
public sealed class BuiltInRulesTests
{
    [Fact]
    public void The_built_in_library_parses_with_no_errors()
    {
        var result = PixelRuleSet.Parse(PixelRuleSet.BuiltInText, "built-in");

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.True(result.Rules!.Rules.Count >= 40, $"{result.Rules.Rules.Count} rules");
        Assert.Equal(result.Rules.Rules.Count, PixelRuleSet.BuiltIn.Rules.Count);
        Assert.Equal(
            result.Rules.Rules.Count,
            result.Rules.Rules.Select(r => r.Label).Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [InlineData("GE", "LOGIQ9", "US", 480, 640, 0, 0, 640, 40)]
    [InlineData("GE Healthcare", "LOGIQE9", "US", 720, 960, 0, 0, 960, 70)]
    [InlineData("Philips Medical Systems", "iU22", "US", 480, 640, 0, 0, 640, 47)]
    [InlineData("Philips Medical Systems", "iU22", "US", 600, 800, 0, 0, 800, 59)]
    [InlineData("Philips Medical Systems", "iU22", "US", 768, 1024, 0, 0, 1024, 75)]
    [InlineData("Philips Ultrasound", "EPIQ 7G", "US", 768, 1024, 0, 0, 1024, 49)]
    [InlineData("Philips", "CX50", "US", 600, 800, 0, 0, 800, 59)]
    [InlineData("SIEMENS", "ACUSON S2000", "US", 768, 1024, 0, 0, 1024, 60)]
    [InlineData("ACUSON", "SEQUOIA", "US", 480, 640, 0, 0, 640, 30)]
    [InlineData("ATL", "HDI 5000", "US", 476, 640, 40, 0, 200, 40)]
    [InlineData("TOSHIBA_MEC_US", "TUS-A500", "US", 720, 960, 0, 0, 960, 60)]
    [InlineData("CANON_MEC", "TUS-AA000", "US", 960, 1280, 0, 0, 1280, 70)]
    [InlineData("Zonare", "Z_ONE", "US", 600, 800, 0, 0, 800, 65)]
    [InlineData("SuperSonic Imagine SA", "Aixplorer", "US", 1050, 1400, 0, 0, 1400, 89)]
    [InlineData("Canon Inc.", "CXDI-70C", "DX", 2592, 2208, 0, 0, 2208, 80)]
    public void A_common_device_gets_its_known_band(
        string manufacturer, string model, string modality, int rows, int columns, int x, int y, int width, int height)
    {
        var header = Header(("Manufacturer", manufacturer), ("ManufacturerModelName", model), ("Modality", modality),
            ("Rows", $"{rows}"), ("Columns", $"{columns}"));

        var match = PixelRuleSet.BuiltIn.Match(header);

        Assert.Contains(Region(x, y, width, height), match.Regions);
        Assert.All(match.RuleNames, n => Assert.EndsWith(")", n, StringComparison.Ordinal));
    }

    [Fact]
    public void Ct_dose_screens_of_the_known_vendors_get_their_bands()
    {
        var ge = Header(("Manufacturer", "GE MEDICAL SYSTEMS"), ("Modality", "CT"), ("CommentsOnRadiationDose", "Total DLP 123"));
        var siemens = Header(("Manufacturer", "SIEMENS"), ("Modality", "CT"), ("ImageType", "DERIVED\\SECONDARY\\OTHER"), ("Rows", "860"));
        var philips = Header(("Manufacturer", "Philips"), ("Modality", "CT"), ("ImageType", "DERIVED\\SECONDARY\\DOSE_INFO"));
        var toshiba = Header(("Manufacturer", "TOSHIBA"), ("ManufacturerModelName", "Aquilion ONE"), ("Modality", "CT"),
            ("ImageType", "DERIVED\\SECONDARY"), ("Rows", "512"), ("Columns", "512"), ("WindowWidth", "1"));

        Assert.Contains(Region(0, 0, 512, 110), PixelRuleSet.BuiltIn.Match(ge).Regions);
        Assert.Contains(Region(0, 0, 1132, 60), PixelRuleSet.BuiltIn.Match(siemens).Regions);
        Assert.Contains(Region(0, 0, 512, 135), PixelRuleSet.BuiltIn.Match(philips).Regions);
        Assert.Contains(Region(0, 0, 410, 240), PixelRuleSet.BuiltIn.Match(toshiba).Regions);
    }

    [Fact]
    public void An_ordinary_mr_or_ct_image_matches_no_built_in_rule()
    {
        var mr = Header(("Manufacturer", "SIEMENS"), ("ManufacturerModelName", "Skyra"), ("Modality", "MR"),
            ("ImageType", "ORIGINAL\\PRIMARY\\M"), ("Rows", "256"), ("Columns", "256"));
        var ct = Header(("Manufacturer", "GE MEDICAL SYSTEMS"), ("Modality", "CT"), ("ImageType", "ORIGINAL\\PRIMARY\\AXIAL"),
            ("Rows", "512"), ("Columns", "512"), ("BurnedInAnnotation", "NO"));

        Assert.Empty(PixelRuleSet.BuiltIn.Match(mr).Regions);
        Assert.Empty(PixelRuleSet.BuiltIn.Match(ct).Regions);
    }

    [Fact]
    public void The_built_in_library_renders_to_a_file_that_reads_back_the_same()
    {
        var again = ParseRules(PixelRuleSet.BuiltIn.Render(), "built-in");

        Assert.Equal(
            PixelRuleSet.BuiltIn.Rules.Select(r => (r.Name, r.ConditionText, string.Join(' ', r.Regions))),
            again.Rules.Select(r => (r.Name, r.ConditionText, string.Join(' ', r.Regions))));
    }
}
