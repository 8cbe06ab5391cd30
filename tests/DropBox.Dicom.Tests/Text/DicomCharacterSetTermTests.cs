namespace DropBox.Dicom.Tests.Text;

public class DicomCharacterSetTermTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void No_specific_character_set_is_the_default_repertoire(string? value)
    {
        Assert.Same(DicomCharacterSet.Default, DicomCharacterSet.FromSpecificCharacterSet(value, out var warning));
        Assert.Null(warning);
    }

    [Fact]
    public void An_unknown_term_gives_a_warning_and_decodes_as_latin1_without_throwing()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 999", out var warning);
        Assert.NotNull(warning);
        Assert.Contains("ISO_IR 999", warning);
        Assert.Equal("Buc^Jérôme", charset.Decode(Convert.FromHexString("4275635e4ae972f46d65"), DicomVR.PN));
    }

    [Fact]
    public void A_warning_never_repeats_a_term_that_is_not_a_plain_code_string()
    {
        DicomCharacterSet.FromSpecificCharacterSet("Smith^John 1970-01-01", out var warning);
        Assert.NotNull(warning);
        Assert.DoesNotContain("Smith", warning);
        Assert.DoesNotContain("1970", warning);
    }

    [Theory]
    [InlineData("ISO_IR_100", "ISO_IR 100")]
    [InlineData("ISO-IR 144", "ISO_IR 144")]
    [InlineData("iso 2022 ir 87", "ISO 2022 IR 87")]
    [InlineData("UTF-8", "ISO_IR 192")]
    public void A_misspelt_term_is_read_as_the_defined_term_it_means_with_a_warning(string term, string meant)
    {
        DicomCharacterSet.FromSpecificCharacterSet(term, out var warning);
        Assert.NotNull(warning);
        Assert.Contains(meant, warning);
    }

    [Fact]
    public void Unknown_terms_beside_known_ones_are_ignored_with_a_warning()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 999\ISO 2022 IR 149", out var warning);
        Assert.NotNull(warning);
        const string hex = "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d7";
        Assert.Equal("Hong^Gildong=洪^吉洞", charset.Decode(Convert.FromHexString(hex), DicomVR.PN));
    }

    [Fact]
    public void Iso_ir_terms_in_a_multi_valued_set_are_read_as_their_iso_2022_twins()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(@"ISO_IR 100\ISO 2022 IR 87", out var warning);
        Assert.Null(warning);
        Assert.True(charset.IsCodeExtension);
        Assert.Equal("é山", charset.Decode([0xE9, 0x1B, 0x24, 0x42, 0x3B, 0x33, 0x1B, 0x28, 0x42], DicomVR.LO));
    }

    [Fact]
    public void Utf8_with_further_terms_uses_utf8_and_warns()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(@"ISO_IR 192\ISO 2022 IR 87", out var warning);
        Assert.NotNull(warning);
        Assert.False(charset.IsCodeExtension);
        Assert.Equal("王", charset.Decode([0xE7, 0x8E, 0x8B], DicomVR.PN));
    }

    [Fact]
    public void Terms_are_kept_as_written()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(@"ISO 2022 IR 13 \ISO 2022 IR 87", out _);
        Assert.Equal(["ISO 2022 IR 13", "ISO 2022 IR 87"], charset.Terms);
    }

    [Fact]
    public void The_verifier_finds_a_japanese_name_in_the_file_bytes_with_an_offered_encoding()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 87", out _);
        var file = Convert.FromHexString("59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d");
        Assert.Contains(charset.Encodings, e => file.AsSpan().IndexOf(e.GetBytes("山田^太郎")) >= 0);
    }

    [Fact]
    public void The_verifier_finds_a_korean_name_written_with_other_escape_placement()
    {
        // Designated once for the whole group, without re-designation after "^" (non-conformant but seen).
        var charset = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 149", out _);
        var file = Convert.FromHexString("3d1b242943c8ab5eb1e6b5bf");
        Assert.Contains(charset.Encodings, e => file.AsSpan().IndexOf(e.GetBytes("길동")) >= 0);
    }

    [Fact]
    public void A_value_seen_again_gives_the_same_character_set_and_the_same_warning()
    {
        var first = DicomCharacterSet.FromSpecificCharacterSet(@"ISO_IR 100\ISO-IR 999", out var firstWarning);
        var again = DicomCharacterSet.FromSpecificCharacterSet(@"ISO_IR 100\ISO-IR 999", out var againWarning);

        Assert.Same(first, again);
        Assert.NotNull(firstWarning);
        Assert.Equal(firstWarning, againWarning);
        Assert.Equal("Müller", again.Decode([0x4D, 0xFC, 0x6C, 0x6C, 0x65, 0x72], DicomVR.PN));
    }

    [Fact]
    public void Many_distinct_values_are_all_read_correctly_beyond_what_is_kept()
    {
        for (var i = 0; i < 200; i++)
        {
            var charset = DicomCharacterSet.FromSpecificCharacterSet($"ISO_IR 192\\BOGUS {i}", out var warning);
            Assert.Contains($"BOGUS {i}", warning!, StringComparison.Ordinal);
            Assert.Equal("é", charset.Decode([0xC3, 0xA9], DicomVR.LO));
        }
    }
}
