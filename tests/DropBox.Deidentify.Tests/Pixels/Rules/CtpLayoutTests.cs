using DropBox.Deidentify.Pixels.Rules;
using DropBox.Testing;
using static DropBox.Deidentify.Tests.Pixels.Rules.RuleHeaders;

namespace DropBox.Deidentify.Tests.Pixels.Rules;

/// <summary>
/// A script in CTP's own layout (Fixtures/ctp-layout.script, written for these tests: CTP's library is under the RSNA
/// public licence, so it is not copied here) reads unchanged: prose, banners, headings, tags and keywords, every operator.
/// </summary>
public sealed class CtpLayoutTests
{
    private static string FixtureText => File.ReadAllText(
        Path.Combine(RepoPaths.RepoRoot, "tests", "DropBox.Deidentify.Tests", "Pixels", "Rules", "Fixtures", "ctp-layout.script"));

    [Fact]
    public void A_script_in_ctp_layout_reads_with_no_errors_and_names_each_rule_from_its_headings()
    {
        var rules = ParseRules(FixtureText, "ctp-layout.script");

        Assert.Equal(
            [
                ("ACME / Sono 1 dose screen", 13), ("ACME / Sono 1 dose screen", 17), ("ACME / Sono 2 worksheet", 22),
                ("Zeta Imaging  01-02-2023", 28), ("Zeta Imaging  01-02-2023", 35), ("Overlay / This is an overlay", 52),
            ],
            rules.Rules.Select(r => (r.Name, r.Line)));
        Assert.Equal([Region(0, 0, 512, 110), Region(0, 400, 512, 20)], rules.Rules[1].Regions);
        Assert.Equal([Region(40, 0, 200, 40), Region(240, 0, 190, 16)], rules.Rules[3].Regions);
        Assert.Equal("ACME / Sono 1 dose screen (ctp-layout.script:17)", rules.Rules[1].Label);
    }

    [Fact]
    public void Windows_line_ends_read_the_same_as_unix_ones()
    {
        var unix = ParseRules(FixtureText);
        var windows = ParseRules(FixtureText.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Equal(unix.Rules.Select(r => (r.Name, r.Line, r.ConditionText)), windows.Rules.Select(r => (r.Name, r.Line, r.ConditionText)));
    }

    [Fact]
    public void The_scripts_rules_choose_the_regions_their_conditions_describe()
    {
        var rules = ParseRules(FixtureText);
        var zeta = Header(("Modality", "US"), ("Manufacturer", "Zeta Imaging"), ("ManufacturerModelName", "Z 900 Pro"),
            ("Rows", "476"), ("Columns", "640"));
        var ffr = Header(("Modality", "US"), ("Manufacturer", "ZETA"), ("SeriesDescription", "ffr run"),
            ("ImageType", "DERIVED\\SECONDARY"), ("WindowWidth", "1"));
        var ffrPrimary = Header(("Modality", "US"), ("Manufacturer", "ZETA"), ("SeriesDescription", "ffr run"),
            ("ImageType", "ORIGINAL\\PRIMARY"), ("WindowWidth", "1"));
        var worksheet = Header(("Manufacturer", "Acme Corp"), ("SeriesDescription", "AAA stent"), ("Rows", "1041"));

        Assert.Equal([Region(40, 0, 200, 40), Region(240, 0, 190, 16)], rules.Match(zeta).Regions);
        Assert.Equal([Region(404, 9, 580, 40)], rules.Match(ffr).Regions);
        Assert.Empty(rules.Match(ffrPrimary).Regions);
        Assert.Equal([Region(0, 0, 795, 150)], rules.Match(worksheet).Regions);
        Assert.Equal([Region(0, 0, 512, 90)], rules.Match(Header(("OverlayDescription", "Siemens MedCom Object Graphics"))).Regions);
    }

    [Fact]
    public void Rendering_a_set_gives_a_file_that_reads_back_to_the_same_rules()
    {
        var rules = ParseRules(FixtureText, "ctp-layout.script");

        var again = ParseRules(rules.Render("imported from ctp-layout.script"), "ctp-layout.script");

        Assert.Equal(rules.Rules.Select(r => (r.Name, r.ConditionText)), again.Rules.Select(r => (r.Name, r.ConditionText)));
        Assert.Equal(rules.Rules.Select(r => r.Regions), again.Rules.Select(r => r.Regions));
        Assert.Equal(
            "Manufacturer.containsIgnoreCase(\"ACME\") * (SeriesDescription.containsIgnoreCase(\"AAA\") + SeriesDescription.containsIgnoreCase(\"Report\")) * Rows.equals(\"1041\")",
            again.Rules[2].ConditionText);
        Assert.Equal("[6000,0022].containsIgnoreCase(\"Object Graphics\") + true. * false.", again.Rules[5].ConditionText);
    }
}
