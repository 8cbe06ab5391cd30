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
}
