namespace DropBox.Dicom.Tests.Core;

public sealed class DicomValueRulesTests
{
    [Theory]
    [InlineData("DS", "-18.750000", null)]
    [InlineData("DS", "1.5\\2.25", null)]
    [InlineData("DS", "-0.00000000000001", null)]            // 17 characters: a real-world overrun, tolerated
    [InlineData("DS", "Quackenbush^Hildegard", false)]      // a name in a number: the element alone goes
    [InlineData("DS", "20\u0008\0\u0082\0DS", true)]         // element header bytes: a length swallowed them
    [InlineData("CS", "ORIGINAL\\PRIMARY\\M_SE", null)]
    [InlineData("CS", "DOE^JOHN", false)]
    [InlineData("CS", "ORIGINAL\\PRIMARY\\ABDOM/RAD\\0001", null)]  // a real ultrasound device's image type
    [InlineData("DS", "1.0000000e-", false)]               // cut short: no number
    [InlineData("DS", "1.0E+02\\.5\\-3", null)]
    [InlineData("IS", "+12", null)]
    [InlineData("UR", "https://pacs.example/wado?study=1.2.3", null)]
    [InlineData("UR", "ORIGINAL\\PRIMARY\\AXIAL", false)]    // an image type moved into Folder Access URI
    [InlineData("IS", "1A", false)]
    [InlineData("UI", "1.2.840.10008.5.1.4.1.1.4", null)]
    [InlineData("UI", "1.2.840.10008.5.1.4.1.1.4.0000000000000000000000000000000000000000000000", false)]
    [InlineData("LO", "Müller\u001b$B", null)]               // ISO 2022 escapes are text
    [InlineData("LO", "Name\u0001", true)]
    [InlineData("LT", "line one\r\nline two\ttab", null)]
    [InlineData("AS", "059Y", null)]
    [InlineData("DA", "1993.04.21", null)]                   // the ACR-NEMA form
    public void Text_values_are_judged_by_their_VR(string vr, string value, bool? structural)
    {
        var bytes = System.Text.Encoding.Latin1.GetBytes(value);
        var problem = DicomValueRules.Check(DicomVR.FromString(vr), bytes, bytes.Length);
        Assert.Equal(structural, problem?.Structural);
    }

    [Theory]
    [InlineData("US", 2, "1", true)]
    [InlineData("US", 3, "1", false)]
    [InlineData("US", 26, "4", false)]    // 13 values where the attribute holds 4
    [InlineData("US", 8, "4", true)]
    [InlineData("FD", 16, "1-n", true)]
    [InlineData("OW", 1000, "1", true)]
    public void Binary_values_must_be_whole_numbers_that_fit_the_multiplicity(string vr, int length, string vm, bool fits)
    {
        var problem = DicomValueRules.Check(DicomVR.FromString(vr), new byte[length], length, vm);
        Assert.Equal(fits, problem is null);
    }
}
