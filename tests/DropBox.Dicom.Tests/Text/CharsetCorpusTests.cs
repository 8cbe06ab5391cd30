using DropBox.Testing;
using System.Buffers.Binary;
using System.Text;

namespace DropBox.Dicom.Tests.Text;

/// <summary>
/// The PatientName of each Explicit VR Little Endian charset file in the shared corpus decodes to what pydicom
/// 2.3.1 prints (pydicom drops trailing spaces and empty trailing groups, so the comparison does too). The file
/// codec is written elsewhere, so the raw value is located by scanning for its element header.
/// </summary>
public class CharsetCorpusTests
{
    public static TheoryData<string, string> PatientNames => new()
    {
        { "real/pydicom/charset/chrArab.dcm", "قباني^لنزار" },
        { "real/pydicom/charset/chrFren.dcm", "Buc^Jérôme" },
        { "real/pydicom/charset/chrFrenMulti.dcm", "Buc^Jérôme" },
        { "real/pydicom/charset/chrGerm.dcm", "Äneas^Rüdiger" },
        { "real/pydicom/charset/chrGreek.dcm", "Διονυσιος" },
        { "real/pydicom/charset/chrH31.dcm", "Yamada^Tarou=山田^太郎=やまだ^たろう" },
        { "real/pydicom/charset/chrHbrw.dcm", "שרון^דבורה" },
        { "real/pydicom/charset/chrI2.dcm", "Hong^Gildong=洪^吉洞=홍^길동" },
        { "real/pydicom/charset/chrRuss.dcm", "Люкceмбypг" },
        { "real/pydicom/charset/chrSQEncoding.dcm", "ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう" },
        { "real/pydicom/charset/chrX1.dcm", "Wang^XiaoDong=王^小東" },
        { "real/pydicom/charset/chrX2.dcm", "Wang^XiaoDong=王^小东" },
        { "real/fo-dicom/GH1301.dcm", "Wang^XiaoDong=王^小东" },
        // pydicom splits this one at the 0x5C trail byte of 誠 and prints "[Lin^Zhicheng=林^志�, ]"; it is one name.
        { "synthetic/syn02_cn_name_gb18030_evrle.dcm", "Lin^Zhicheng=林^志誠" },
    };

    [CorpusTheory]
    [MemberData(nameof(PatientNames))]
    public void Patient_names_of_the_charset_files_decode_as_pydicom_prints_them(string file, string expected)
    {
        var bytes = File.ReadAllBytes(Path.Combine(RepoPaths.Corpus!, file));
        var name = FindElement(bytes, 0x0010, 0x0010, "PN", out var at);
        // The character set in force is the last (0008,0005) before the name (sequence items may change it).
        var specificCharacterSet = FindLastBefore(bytes, at, 0x0008, 0x0005, "CS");
        var charset = DicomCharacterSet.FromSpecificCharacterSet(Encoding.ASCII.GetString(specificCharacterSet), out var warning);
        Assert.Null(warning);
        Assert.Equal(expected, charset.Decode(name, DicomVR.PN).TrimEnd(' ').TrimEnd('='));
    }

    private static byte[] FindElement(byte[] bytes, ushort group, ushort element, string vr, out int at)
    {
        var header = Header(group, element, vr);
        at = bytes.AsSpan().IndexOf(header);
        Assert.True(at >= 0, "element not found");
        return ValueAt(bytes, at);
    }

    private static byte[] FindLastBefore(byte[] bytes, int end, ushort group, ushort element, string vr)
    {
        var at = bytes.AsSpan(0, end).LastIndexOf(Header(group, element, vr));
        return at < 0 ? [] : ValueAt(bytes, at);
    }

    private static byte[] Header(ushort group, ushort element, string vr)
    {
        var header = new byte[6];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        Encoding.ASCII.GetBytes(vr, header.AsSpan(4));
        return header;
    }

    private static byte[] ValueAt(byte[] bytes, int at) =>
        bytes.AsSpan(at + 8, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(at + 6))).ToArray();
}
