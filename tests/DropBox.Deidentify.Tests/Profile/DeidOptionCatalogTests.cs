using DropBox.Deidentify.Profile;
using DropBox.DictionaryGenerator;

namespace DropBox.Deidentify.Tests.Profile;

public sealed class DeidOptionCatalogTests
{
    [Fact]
    public void Each_option_is_one_bit_and_bit_i_reads_the_generated_tables_option_column_i()
    {
        // The generator writes the option columns in the order of its JSON keys; the profile reads column i for bit i.
        (DeidOption Option, string Column)[] expected =
        [
            (DeidOption.RetainSafePrivate, "rtnSafePrivOpt"),
            (DeidOption.RetainUids, "rtnUIDsOpt"),
            (DeidOption.RetainDeviceIdentity, "rtnDevIdOpt"),
            (DeidOption.RetainInstitutionIdentity, "rtnInstIdOpt"),
            (DeidOption.RetainPatientCharacteristics, "rtnPatCharsOpt"),
            (DeidOption.RetainLongitudinalFullDates, "rtnLongFullDatesOpt"),
            (DeidOption.RetainLongitudinalModifiedDates, "rtnLongModifDatesOpt"),
            (DeidOption.CleanDescriptors, "cleanDescOpt"),
            (DeidOption.CleanStructuredContent, "cleanStructContOpt"),
            (DeidOption.CleanGraphics, "cleanGraphOpt"),
        ];

        // Clean Pixel Data has no column (it acts on pixels, not attributes): it comes after the table's ten.
        Assert.Equal(expected.Select(e => e.Option).Append(DeidOption.CleanPixelData), DeidOptionCatalog.Singles);
        Assert.Equal(expected.Select(e => e.Column), ProfileTableSource.OptionKeys);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(1 << i, (int)expected[i].Option);
        }
        Assert.Equal((int)DeidOption.CleanPixelData, 1 << expected.Length);
        Assert.Equal(expected.Select(e => e.Option.ToString()).Append("CleanPixelData"), DeidOptionCatalog.Names);
    }

    [Fact]
    public void A_name_parses_ignoring_case_and_hyphens_but_none_a_set_or_an_unknown_name_does_not()
    {
        Assert.True(DeidOptionCatalog.TryParse(" retain-uids ", out var uids));
        Assert.Equal(DeidOption.RetainUids, uids);
        Assert.True(DeidOptionCatalog.TryParse("CLEANGRAPHICS", out var graphics));
        Assert.Equal(DeidOption.CleanGraphics, graphics);

        Assert.False(DeidOptionCatalog.TryParse("None", out _));
        Assert.False(DeidOptionCatalog.TryParse("RetainUids, CleanGraphics", out _));
        Assert.False(DeidOptionCatalog.TryParse("RetainEverything", out _));
    }

    [Fact]
    public void Every_single_option_has_its_CID_7050_code_and_a_set_has_none()
    {
        var codes = DeidOptionCatalog.Singles.Select(o => DeidOptionCatalog.CodeOf(o).Code).Order(StringComparer.Ordinal);

        Assert.Equal(Enumerable.Range(113103, 10).Prepend(113101).Select(c => c.ToString(System.Globalization.CultureInfo.InvariantCulture)), codes);
        Assert.Throws<ArgumentOutOfRangeException>(() => DeidOptionCatalog.CodeOf(DeidOption.None));
        Assert.Throws<ArgumentOutOfRangeException>(() => DeidOptionCatalog.CodeOf(DeidOption.RetainUids | DeidOption.CleanGraphics));
    }
}
