using DropBox.Deidentify.Pixels.Ocr;
using DropBox.Dicom;

namespace DropBox.Deidentify.Tests.Pixels.Ocr;

public sealed class IdentifierSpotterTests
{
    // Invented values only.
    private static DicomDataset Header()
    {
        var header = new DicomDataset();
        header.SetString(new DicomTag(0x0008, 0x0020), DicomVR.DA, "20230405");
        header.SetString(new DicomTag(0x0008, 0x0050), DicomVR.SH, "ACC778899");
        header.SetString(new DicomTag(0x0008, 0x0080), DicomVR.LO, "Springfield General Hospital");
        header.SetString(new DicomTag(0x0008, 0x0090), DicomVR.PN, "Hibbert^Julius^^Dr");
        header.SetString(new DicomTag(0x0008, 0x1070), DicomVR.PN, "Nahasapeemapetilon^Apu");
        header.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Quimby^Marjorie^Jacqueline");
        header.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "MRN-4417023");
        header.SetString(new DicomTag(0x0010, 0x0021), DicomVR.LO, "SPRINGFIELD-PAS");
        header.SetString(new DicomTag(0x0010, 0x0030), DicomVR.DA, "19610712");
        return header;
    }

    private static bool Spots(string word, DicomDataset? header = null) =>
        IdentifierSpotterFactory.Instance.For(header ?? Header()).IsIdentifying(word);

    [Theory]
    [InlineData("Quimby")]
    [InlineData("QUIMBY")]
    [InlineData("Marjorie")]
    [InlineData("Jacqueline")]
    [InlineData("QUIMBY^MARJORIE")]
    [InlineData("Quimby,")]
    [InlineData("QUIMBY*MARJORIE")]
    [InlineData("MarjorieQuimby")]
    public void The_patients_name_components_and_the_whole_name_are_spotted(string word) => Assert.True(Spots(word));

    [Theory]
    [InlineData("QU1MBY")]        // I read as 1
    [InlineData("Marj0rie")]      // o read as 0
    [InlineData("Jacque1ine")]    // l read as 1
    [InlineData("Marjoric")]      // e read as c: one edit in eight letters
    [InlineData("Jacquelme")]     // two edits in ten letters
    public void Names_are_spotted_through_ocr_noise(string word) => Assert.True(Spots(word));

    [Theory]
    [InlineData("MRN-4417023")]
    [InlineData("4417023")]
    [InlineData("ID:MRN-4417023")]
    [InlineData("ACC778899")]
    [InlineData("ACC-778899")]
    [InlineData("Acc#778899")]
    [InlineData("SPRINGFIELD-PAS")]
    public void Ids_accession_and_issuer_are_spotted(string word) => Assert.True(Spots(word));

    [Theory]
    [InlineData("20230405")]
    [InlineData("2023-04-05")]
    [InlineData("2023/04/05")]
    [InlineData("2023.04.05")]
    [InlineData("05/04/2023")]
    [InlineData("04/05/2023")]
    [InlineData("05.04.2023")]
    [InlineData("5-Apr-2023")]
    [InlineData("05-APR-2023")]
    [InlineData("05/04/23")]
    [InlineData("4/5/2023")]
    [InlineData("1961-07-12")]
    [InlineData("12.07.1961")]
    [InlineData("07/12/1961")]
    [InlineData("12-Jul-1961")]
    [InlineData("DOB:12/07/1961")]
    [InlineData("2O23-O4-O5")]    // zeros read as O
    [InlineData("2023-04-06")]    // one misread digit of eight
    public void Birth_and_study_dates_are_spotted_in_the_usual_spellings(string word) => Assert.True(Spots(word));

    [Theory]
    [InlineData("Springfield")]
    [InlineData("Hibbert")]
    [InlineData("Julius")]
    [InlineData("Nahasapeemapetilon")]
    [InlineData("Apu")]           // a three-letter name: matched exactly
    public void Institution_and_staff_names_are_spotted(string word) => Assert.True(Spots(word));

    [Theory]
    [InlineData("General")]       // institution words common to many institutions
    [InlineData("HOSPITAL")]
    [InlineData("Dr")]
    [InlineData("Gain")]
    [InlineData("45dB")]
    [InlineData("2023")]          // a year alone
    [InlineData("04/05")]
    [InlineData("12:07")]
    [InlineData("Quincy")]        // two edits in six letters
    [InlineData("Marge")]
    [InlineData("4417")]          // a short part of the ID
    [InlineData("2023-05-04")]    // another date
    [InlineData("4417024")]       // a seven-digit number one digit off the ID: digits below eight match exactly
    [InlineData("MI")]
    [InlineData("")]
    [InlineData("--")]
    public void Other_words_and_short_tokens_are_not_spotted(string word) => Assert.False(Spots(word));

    [Fact]
    public void A_two_letter_family_name_is_spotted_letter_for_letter_and_not_through_the_fold()
    {
        var header = new DicomDataset();
        header.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Li^Wei");

        Assert.True(Spots("LI", header));
        Assert.True(Spots("Li,", header));
        Assert.True(Spots("Wei", header));
        Assert.False(Spots("11", header));   // "LI" folded would be "11"
        Assert.False(Spots("L1", header));
        Assert.False(Spots("Lid", header));
    }

    [Fact]
    public void A_patients_name_that_is_a_common_screen_word_is_still_spotted_but_a_physicians_is_not()
    {
        var header = new DicomDataset();
        header.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, "Long^Gain");
        header.SetString(new DicomTag(0x0008, 0x0090), DicomVR.PN, "Depth^Focus");

        Assert.True(Spots("LONG", header));
        Assert.True(Spots("Gain", header));
        Assert.False(Spots("Depth", header));
        Assert.False(Spots("FOCUS", header));
    }

    [Fact]
    public void A_header_without_identifying_values_spots_nothing()
    {
        var header = new DicomDataset();
        header.SetString(new DicomTag(0x0008, 0x0070), DicomVR.LO, "Acme Ultrasound");

        Assert.False(Spots("Acme", header));
        Assert.False(Spots("20230405", header));
    }

    [Fact]
    public void Other_patient_ids_in_their_sequence_are_spotted()
    {
        var header = new DicomDataset();
        var item = new DicomDataset();
        item.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "ALT-99812");
        var sequence = new DicomSequence(new DicomTag(0x0010, 0x1002));
        sequence.Items.Add(item);
        header.Set(sequence);

        Assert.True(Spots("ALT-99812", header));
        Assert.True(Spots("99812", header));
    }
}
