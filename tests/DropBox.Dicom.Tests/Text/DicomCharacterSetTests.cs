using System.Text;

namespace DropBox.Dicom.Tests.Text;

/// <summary>
/// Decoding real byte sequences: the PatientName bytes of the pydicom charset files (D. Clunie's samples, the
/// PS3.5 Annex H/I/J examples) and of the corpus's planted GB18030 name, with the names pydicom prints.
/// </summary>
public class DicomCharacterSetTests
{
    private static DicomCharacterSet Charset(string specificCharacterSet)
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet, out var warning);
        Assert.Null(warning);
        return charset;
    }

    private static string DecodeName(string specificCharacterSet, string hex) =>
        Charset(specificCharacterSet).Decode(Convert.FromHexString(hex), DicomVR.PN).TrimEnd(' ');

    [Theory]
    [InlineData("ISO_IR 100", "4275635e4ae972f46d65", "Buc^Jérôme")] // chrFren
    [InlineData("ISO_IR 100", "c46e6561735e52fc646967657220", "Äneas^Rüdiger")] // chrGerm
    [InlineData("ISO_IR 126", "c4e9efedf5f3e9eff220", "Διονυσιος")] // chrGreek
    [InlineData("ISO_IR 144", "bbeeda6365dcd17970d3", "Люкceмбypг")] // chrRuss (its c, e, y, p are Latin letters)
    [InlineData("ISO_IR 127", "e2c8c7e6ea5ee4e6d2c7d120", "قباني^لنزار")] // chrArab
    [InlineData("ISO_IR 138", "f9f8e5ef5ee3e1e5f8e4", "שרון^דבורה")] // chrHbrw
    [InlineData("ISO_IR 166", "c0d2c9d2e4b7c2", "ภาษาไทย")]
    [InlineData("ISO_IR 101", "a3f364bc5e47bf6567bff3b36b61", "Łódź^Gżegżółka")]
    [InlineData("ISO_IR 148", "41f0616ff06c755edefc6b72fc", "Ağaoğlu^Şükrü")]
    public void Single_byte_repertoires_decode_names_as_pydicom_does(string charset, string hex, string expected) =>
        Assert.Equal(expected, DecodeName(charset, hex));

    [Fact]
    public void Japanese_iso_2022_ir_87_name_with_three_component_groups_decodes_per_annex_h_3_1()
    {
        // chrH31: ESC $ B switches G0 to JIS X 0208, ESC ( B back to ASCII before each delimiter.
        const string hex = "59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842";
        Assert.Equal("Yamada^Tarou=山田^太郎=やまだ^たろう", DecodeName(@"\ISO 2022 IR 87", hex));
    }

    [Fact]
    public void Japanese_katakana_and_kanji_name_decodes_per_annex_h_3_2()
    {
        // chrSQEncoding's sequence item: half-width katakana in GR from ISO 2022 IR 13, kanji after ESC $ B.
        const string hex = "d4cfc0de5ec0dbb33d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842";
        Assert.Equal("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう", DecodeName(@"ISO 2022 IR 13\ISO 2022 IR 87", hex));
    }

    [Fact]
    public void Japanese_supplementary_kanji_of_jis_x_0212_decode_after_their_escape()
    {
        // pydicom's encoder output for "あaｱア齩": ESC $ ( D designates JIS X 0212, ESC ) I the katakana G1.
        var bytes = Encoding.Latin1.GetBytes("\u001b$B$\"\u001b(Ja\u001b)I\u00b1\u001b$B%\"\u001b$(DmN\u001b(J");
        var charset = Charset(@"ISO 2022 IR 13\ISO 2022 IR 87\ISO 2022 IR 159");
        Assert.Equal("あaｱア齩", charset.Decode(bytes, DicomVR.LO));
    }

    [Fact]
    public void Korean_iso_2022_ir_149_name_decodes_per_annex_i()
    {
        // chrI2: ESC $ ) C designates KS X 1001 to G1 again after every delimiter.
        const string hex = "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf";
        Assert.Equal("Hong^Gildong=洪^吉洞=홍^길동", DecodeName(@"\ISO 2022 IR 149", hex));
    }

    [Theory]
    [InlineData("ISO_IR 192", "57616e675e5869616f446f6e673de78e8b5ee5b08fe69db13d20", "Wang^XiaoDong=王^小東=")] // chrX1
    [InlineData("GB18030", "57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d", "Wang^XiaoDong=王^小东=")] // chrX2, annex J
    [InlineData("GBK", "57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d", "Wang^XiaoDong=王^小东=")]
    public void Chinese_names_decode_in_utf8_gb18030_and_gbk(string charset, string hex, string expected) =>
        Assert.Equal(expected, DecodeName(charset, hex));

    [Theory]
    [InlineData("GB18030")]
    [InlineData("GBK")]
    public void A_chinese_character_whose_second_byte_is_0x5C_is_not_split_as_a_backslash(string charset)
    {
        // syn02's PatientName: 誠 is D5 5C. pydicom splits it into two values; it is one.
        var bytes = Convert.FromHexString("4c696e5e5a68696368656e673dc1d65ed6bed55c");
        var values = Charset(charset).DecodeValues(bytes, DicomVR.PN);
        Assert.Equal(["Lin^Zhicheng=林^志誠"], values);
    }

    [Fact]
    public void A_real_backslash_after_a_0x5C_trail_byte_still_separates_values()
    {
        var bytes = Convert.FromHexString("4c696e5e5a68696368656e673dc1d65ed6bed55c5ccdf55ed0a1c3f7");
        Assert.Equal(["Lin^Zhicheng=林^志誠", "王^小明"], Charset("GB18030").DecodeValues(bytes, DicomVR.PN));
    }

    [Fact]
    public void Backslashes_in_single_valued_text_are_text_not_delimiters()
    {
        var bytes = Encoding.ASCII.GetBytes(@"C:\scans\today");
        Assert.Equal([@"C:\scans\today"], DicomCharacterSet.Default.DecodeValues(bytes, DicomVR.LT));
        Assert.Equal(3, DicomCharacterSet.Default.DecodeValues(bytes, DicomVR.LO).Length);
    }

    [Fact]
    public void A_value_delimiter_restores_the_designations_of_value_1()
    {
        // G1 starts as Latin-1; ESC - L makes it Cyrillic until the backslash.
        var charset = Charset(@"ISO 2022 IR 100\ISO 2022 IR 144");
        byte[] bytes = [0x1B, 0x2D, 0x4C, 0xBB, 0xEE, (byte)'\\', 0xE9];
        Assert.Equal(["Лю", "é"], charset.DecodeValues(bytes, DicomVR.LO));
    }

    [Fact]
    public void Person_name_component_delimiters_restore_the_designations_but_not_in_other_vrs()
    {
        var charset = Charset(@"ISO 2022 IR 100\ISO 2022 IR 144");
        byte[] bytes = [0x1B, 0x2D, 0x4C, 0xBB, (byte)'^', 0xBB, (byte)'=', 0xBB];
        Assert.Equal("Л^»=»", charset.Decode(bytes, DicomVR.PN));
        Assert.Equal("Л^Л=Л", charset.Decode(bytes, DicomVR.LO));
    }

    [Fact]
    public void Line_breaks_restore_the_designations_of_value_1_in_text()
    {
        var charset = Charset(@"ISO 2022 IR 100\ISO 2022 IR 144");
        byte[] bytes = [0x1B, 0x2D, 0x4C, 0xBB, 0x0D, 0x0A, 0xBB];
        Assert.Equal("Л\r\n»", charset.Decode(bytes, DicomVR.LT));
    }

    [Fact]
    public void An_empty_value_1_starts_in_ascii()
    {
        var charset = Charset(@"\ISO 2022 IR 87");
        Assert.Equal(["", "ISO 2022 IR 87"], charset.Terms);
        Assert.True(charset.IsCodeExtension);
        Assert.Equal("Yamada", charset.Decode("Yamada"u8, DicomVR.PN));
    }

    [Fact]
    public void The_default_repertoire_keeps_stray_high_bytes_as_latin1()
    {
        byte[] bytes = [0x4A, 0xE9, 0x72, 0xF4, 0x6D, 0x65, 0x80];
        Assert.Equal("Jérôme\u0080", DicomCharacterSet.Default.Decode(bytes, DicomVR.PN));
        Assert.Equal(bytes, DicomCharacterSet.Default.Encode("Jérôme\u0080", DicomVR.PN));
    }

    [Theory]
    [InlineData("Jörg", new byte[] { 0x4A, 0xF6, 0x72, 0x67 })]
    [InlineData("ABCD", new byte[] { 0x41, 0x42, 0x43, 0x44 })]
    [InlineData("", new byte[0])]
    public void TryEncodeLatin1_gives_each_char_its_byte(string text, byte[] expected)
    {
        Assert.Equal(expected, DicomCharacterSet.TryEncodeLatin1(text));
    }

    [Fact]
    public void TryEncodeLatin1_has_no_bytes_for_chars_beyond_latin1()
    {
        Assert.Null(DicomCharacterSet.TryEncodeLatin1("Ωmega"));
        Assert.Null(DicomCharacterSet.TryEncodeLatin1("\U0001F600"));
    }

    [Theory]
    [InlineData("Jérôme")]
    [InlineData("Ωmega")]
    [InlineData("\U0001F600 smile")]
    [InlineData("")]
    public void The_default_repertoire_encodes_exactly_as_the_latin1_encoding_does(string text)
    {
        Assert.Equal(System.Text.Encoding.Latin1.GetBytes(text), DicomCharacterSet.Default.Encode(text, DicomVR.PN));
        Assert.Equal(System.Text.Encoding.Latin1.GetBytes(text), DicomCharacterSet.Default.Encode(text, DicomVR.CS));
    }

    [Fact]
    public void Vrs_outside_the_specific_character_set_decode_with_the_default_repertoire()
    {
        var charset = Charset("ISO_IR 192");
        byte[] bytes = [0x41, 0xC3, 0xA9];
        Assert.Equal("Aé", charset.Decode(bytes, DicomVR.LO));
        Assert.Equal("AÃ©", charset.Decode(bytes, DicomVR.CS));
    }

    [Fact]
    public void Iso_2022_bytes_no_designated_set_can_read_are_kept_as_latin1()
    {
        var charset = Charset(@"\ISO 2022 IR 87");
        Assert.Equal("Buc^Jérôme", charset.Decode(Convert.FromHexString("4275635e4ae972f46d65"), DicomVR.PN));
    }

    [Fact]
    public void Korean_high_bytes_without_their_escape_sequence_read_as_the_declared_korean_set()
    {
        // Some writers declare "\ISO 2022 IR 149" and omit ESC $ ) C; the only declared G1 set is meant.
        var charset = Charset(@"\ISO 2022 IR 149");
        Assert.Equal("홍^길동", charset.Decode(Convert.FromHexString("c8ab5eb1e6b5bf"), DicomVR.PN));
    }
}
