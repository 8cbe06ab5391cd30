using DropBox.Deidentify.Pixels.Rules;
using DropBox.Dicom;
using DropBox.Testing;
using static DropBox.Deidentify.Tests.Pixels.Rules.RuleHeaders;

namespace DropBox.Deidentify.Tests.Pixels.Rules;

/// <summary>Matching a file read from disk: the meta group and the byte order come from the file itself.</summary>
public sealed class RuleFileMatchTests
{
    [Fact]
    public void A_big_endian_file_with_a_vendor_meta_group_matches_on_its_rows_and_implementation_name()
    {
        using var tmp = new TempDir();
        var path = tmp.Combine("us.dcm");
        var dataset = Header(true, ("SOPClassUID", "1.2.840.10008.5.1.4.1.1.6.1"), ("SOPInstanceUID", "2.25.1234"),
            ("Modality", "US"), ("Rows", "768"), ("Columns", "1024"));
        using (var written = new DicomFile(dataset, TransferSyntax.ExplicitVRBigEndian))
        {
            written.Save(path, new DicomWriteOptions { ImplementationVersionName = "MINDRAY_7" });
        }
        var site = ParseRules("site\n{ Rows.equals(\"768\") * Columns.isGreaterThan(\"1000\") }\n(0,700,1024,68)\n", "site.rules");

        using var file = DicomFile.Open(path);
        var match = PixelRuleSet.Combine(PixelRuleSet.BuiltIn, site).Match(file);

        Assert.Equal([Region(0, 0, 1229, 69), Region(0, 700, 1024, 68)], match.Regions);
        Assert.Equal(2, match.RuleNames.Count);
        Assert.StartsWith("Mindray / ", match.RuleNames[0], StringComparison.Ordinal);
        Assert.Empty(PixelRuleSet.BuiltIn.Match(file.Dataset).Regions); // the seam's dataset-only match sees no meta group
    }
}
