using DropBox.Deidentify.Pixels.Regions;
using DropBox.Deidentify.Pixels.Rules;
using static DropBox.Deidentify.Tests.Pixels.Rules.RuleHeaders;

namespace DropBox.Deidentify.Tests.Pixels.Rules;

/// <summary>Matching a whole set: every matching rule applies (unlike CTP's first match), and what the match reports.</summary>
public sealed class RuleMatchTests
{
    private const string TwoLayouts = """
        Vendor
         top band
          { Manufacturer.containsIgnoreCase("acme") }
          (0,0,640,40)
         top band again, and a side box
          { Manufacturer.containsIgnoreCase("acme") * Rows.equals("480") }
          (0,0,640,40) (600,100,40,40)
        """;

    [Fact]
    public void Every_matching_rule_adds_its_regions_once_each_and_is_named()
    {
        var match = ParseRules(TwoLayouts, "site.rules").Match(Header(("Manufacturer", "ACME"), ("Rows", "480")));

        Assert.Equal([Region(0, 0, 640, 40), Region(600, 100, 40, 40)], match.Regions);
        Assert.Equal(["Vendor / top band (site.rules:3)", "Vendor / top band again, and a side box (site.rules:6)"], match.RuleNames);
    }

    [Fact]
    public void A_file_no_rule_describes_gets_no_region()
    {
        var match = ParseRules(TwoLayouts).Match(Header(("Manufacturer", "Other"), ("Rows", "480")));

        Assert.Same(RegionMatch.None, match);
    }

    [Fact]
    public void Rule_names_come_from_the_rules_file_never_from_the_header()
    {
        var match = ParseRules(TwoLayouts).Match(Header(("Manufacturer", "ACME"), ("Rows", "480"), ("PatientName", "Doe^Jane")));

        Assert.All(match.RuleNames, n => Assert.DoesNotContain("ACME", n, StringComparison.Ordinal));
        Assert.All(match.RuleNames, n => Assert.DoesNotContain("Doe", n, StringComparison.Ordinal));
    }

    [Fact]
    public void Combine_keeps_every_sets_rules_in_order_and_matches_their_union()
    {
        var site = ParseRules("site extra\n{ Modality.equals(\"US\") }\n(0,440,640,40)\n", "site.rules");

        var combined = PixelRuleSet.Combine(PixelRuleSet.BuiltIn, site);
        var match = combined.Match(Header(("Modality", "US"), ("ManufacturerModelName", "LOGIQ9")));

        Assert.Equal(PixelRuleSet.BuiltIn.Rules.Count + 1, combined.Rules.Count);
        Assert.Same(site.Rules[0], combined.Rules[^1]);
        Assert.Equal([Region(0, 0, 640, 40), Region(0, 440, 640, 40)], match.Regions);
    }

    [Fact]
    public void The_set_is_the_seam_the_cleaner_uses()
    {
        IPixelRegionRules rules = ParseRules(TwoLayouts);

        Assert.Single(rules.Match(Header(("Manufacturer", "acme"))).Regions);
    }
}
