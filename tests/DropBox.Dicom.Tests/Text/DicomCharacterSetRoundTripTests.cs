using System.Text;

namespace DropBox.Dicom.Tests.Text;

public class DicomCharacterSetRoundTripTests
{
    public static TheoryData<string, string> Names => new()
    {
        { "", "Doe^John" },
        { "ISO_IR 100", "Buc^Jérôme" },
        { "ISO_IR 101", "Łódź^Gżegżółka" },
        { "ISO_IR 109", "Ġużeppi^Ħabib" },
        { "ISO_IR 110", "Šķēle^Māris" },
        { "ISO_IR 126", "Διονυσιος" },
        { "ISO_IR 127", "قباني^لنزار" },
        { "ISO_IR 138", "שרון^דבורה" },
        { "ISO_IR 144", "Люксембург" },
        { "ISO_IR 148", "Ağaoğlu^Şükrü" },
        { "ISO_IR 166", "ภาษาไทย" },
        { "ISO_IR 13", "ﾔﾏﾀﾞ^ﾀﾛｳ" },
        { "ISO_IR 192", "Wang^XiaoDong=王^小東=홍^길동" },
        { "GB18030", "Lin^Zhicheng=林^志誠" },
        { "GBK", "Lin^Zhicheng=林^志誠" },
        { "GB18030", "Beyond the BMP: 𠀀𪚥 and €" },
        { "ISO_IR 192", "Beyond the BMP: 𠀀𪚥 and 😀" },
        { @"\ISO 2022 IR 87", "Yamada^Tarou=山田^太郎=やまだ^たろう" },
        { @"ISO 2022 IR 13\ISO 2022 IR 87", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
        { @"ISO 2022 IR 13\ISO 2022 IR 87\ISO 2022 IR 159", "あaｱア齩" },
        { @"\ISO 2022 IR 149", "Hong^Gildong=洪^吉洞=홍^길동" },
        { @"\ISO 2022 IR 58", "Wang^XiaoDong=王^小东" },
        { @"ISO 2022 IR 100\ISO 2022 IR 144\ISO 2022 IR 126", "Jérôme Люксембург Διονυσιος" },
        { @"ISO 2022 IR 100\ISO 2022 IR 87\ISO 2022 IR 149", "Müller=山田=홍" },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void Encoding_then_decoding_gives_the_text_back(string specificCharacterSet, string text)
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(specificCharacterSet, out var warning);
        Assert.Null(warning);
        foreach (var vr in new[] { DicomVR.PN, DicomVR.LO, DicomVR.LT })
        {
            Assert.Equal(text, charset.Decode(charset.Encode(text, vr), vr));
        }
    }

    [Fact]
    public void Japanese_names_encode_to_the_exact_bytes_of_annex_h_3_1()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 87", out _);
        var bytes = charset.Encode("Yamada^Tarou=山田^太郎=やまだ^たろう", DicomVR.PN);
        Assert.Equal(
            "59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442243f246d24261b2842",
            Convert.ToHexString(bytes).ToLowerInvariant());
    }

    [Fact]
    public void Korean_names_encode_to_the_exact_bytes_of_annex_i()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 149", out _);
        var bytes = charset.Encode("Hong^Gildong=洪^吉洞=홍^길동", DicomVR.PN);
        Assert.Equal(
            "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf",
            Convert.ToHexString(bytes).ToLowerInvariant());
    }

    [Fact]
    public void Text_outside_the_repertoire_encodes_as_question_marks_without_throwing()
    {
        var charset = DicomCharacterSet.FromSpecificCharacterSet(@"\ISO 2022 IR 87", out _);
        Assert.Equal("a?b", charset.Decode(charset.Encode("a홍b", DicomVR.PN), DicomVR.PN));
        Assert.Equal("?", Encoding.ASCII.GetString(DicomCharacterSet.FromSpecificCharacterSet("ISO_IR 126", out _).Encode("홍", DicomVR.LO)));
    }

    [Fact]
    public void The_first_offered_encoding_gives_a_name_back_from_its_own_bytes()
    {
        foreach (var (scs, text) in new[] { (@"\ISO 2022 IR 87", "山田^太郎"), (@"\ISO 2022 IR 149", "홍^길동"), ("ISO_IR 13", "ﾔﾏﾀﾞ"), ("GB18030", "林^志誠") })
        {
            var encoding = DicomCharacterSet.FromSpecificCharacterSet(scs, out _).Encodings[0];
            Assert.Equal(text, encoding.GetString(encoding.GetBytes(text)));
            var chars = new char[encoding.GetMaxCharCount(64)];
            var bytes = new byte[encoding.GetMaxByteCount(text.Length)];
            var n = encoding.GetBytes(text.ToCharArray(), 0, text.Length, bytes, 0);
            Assert.Equal(text, new string(chars, 0, encoding.GetChars(bytes, 0, n, chars, 0)));
        }
    }
}
