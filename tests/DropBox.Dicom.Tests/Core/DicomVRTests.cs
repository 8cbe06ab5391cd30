namespace DropBox.Dicom.Tests.Core;

public sealed class DicomVRTests
{
    [Theory]
    [InlineData("AE")]
    [InlineData("AS")]
    [InlineData("OV")]
    [InlineData("SQ")]
    [InlineData("UV")]
    [InlineData("UN")]
    public void The_standard_two_letter_codes_are_known(string code) => Assert.True(DicomVR.FromString(code).IsKnown);

    [Theory]
    [InlineData("AA")]
    [InlineData("ZZ")]
    [InlineData("OX")]
    [InlineData("ob")]
    [InlineData("  ")]
    public void Other_codes_are_not(string code) => Assert.False(DicomVR.FromString(code).IsKnown);

    [Fact]
    public void Exactly_the_34_vrs_of_PS3_5_are_known_among_all_two_capital_letter_codes()
    {
        var known = new List<string>();
        for (var a = 'A'; a <= 'Z'; a++)
        {
            for (var b = 'A'; b <= 'Z'; b++)
            {
                if (DicomVR.FromString($"{a}{b}").IsKnown)
                {
                    known.Add($"{a}{b}");
                }
            }
        }

        Assert.Equal(
            "AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV",
            string.Join(' ', known));
    }

    [Fact]
    public void The_vr_classes_are_the_lists_of_PS3_5()
    {
        static string[] Where(Func<DicomVR, bool> test) =>
            [.. "AE AS AT CS DA DS DT FD FL IS LO LT OB OD OF OL OV OW PN SH SL SQ SS ST SV TM UC UI UL UN UR US UT UV".Split(' ')
                .Where(code => test(DicomVR.FromString(code)))];

        Assert.Equal("AE AS CS DA DS DT IS LO LT PN SH ST TM UC UI UR UT".Split(' '), Where(vr => vr.IsString));
        Assert.Equal("OB OD OF OL OV OW SQ SV UC UN UR UT UV".Split(' '), Where(vr => vr.HasLongLength));
        Assert.Equal("LO LT PN SH ST UC UT".Split(' '), Where(vr => vr.UsesSpecificCharacterSet));
        Assert.Equal("OW SS US".Split(' '), Where(vr => vr.ElementSize == 2));
        Assert.Equal("AT FL OF OL SL UL".Split(' '), Where(vr => vr.ElementSize == 4));
        Assert.Equal("FD OD OV SV UV".Split(' '), Where(vr => vr.ElementSize == 8));
        Assert.Equal(0, DicomVR.UI.PaddingByte);
        Assert.Equal((byte)' ', DicomVR.LO.PaddingByte);
        Assert.Equal(0, DicomVR.OB.PaddingByte);
    }

    [Fact]
    public void Named_vrs_equal_the_same_code_read_from_a_file()
    {
        var pn = DicomVR.FromBytes((byte)'P', (byte)'N');
        Assert.Equal(DicomVR.PN, pn);
        Assert.True(pn == DicomVR.PN);
        Assert.NotEqual(DicomVR.PN, DicomVR.LO);
        Assert.Equal(DicomVR.PN.GetHashCode(), pn.GetHashCode());
        Assert.Equal("PN", DicomVR.PN.ToString());
        Assert.Equal("--", DicomVR.None.ToString());
    }

    [Theory]
    [InlineData(0x0000, 0x0000, "(0000,0000)")]
    [InlineData(0x0010, 0x0010, "(0010,0010)")]
    [InlineData(0xFFFE, 0xE0DD, "(FFFE,E0DD)")]
    [InlineData(0x7FE0, 0x0010, "(7FE0,0010)")]
    [InlineData(0x0029, 0x10AB, "(0029,10AB)")]
    public void A_tag_reads_as_upper_case_hex_group_and_element(int group, int element, string expected)
    {
        var tag = new DicomTag((ushort)group, (ushort)element);
        Assert.Equal(expected, tag.ToString());
        Assert.True(DicomTag.TryParse(expected, out var parsed));
        Assert.Equal(tag, parsed);
        Assert.Equal(tag.GetHashCode(), parsed.GetHashCode());
        Assert.NotEqual(tag, new DicomTag((ushort)group, (ushort)(element ^ 1)));
    }
}
