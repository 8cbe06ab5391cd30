namespace DropBox.Dicom.Tests;

public sealed class TruncationTests
{
    private static byte[] SmallFile(DicomBytes dataset) => dataset
        .Text(0x0008, 0x0060, "CS", "MR")
        .Sequence(0x0008, 0x1032, false, false, DicomBytes.ExplicitLittle().Text(0x0008, 0x0100, "SH", "CODE").Text(0x0008, 0x0104, "LO", "MEANING "))
        .Sequence(0x0008, 0x1140, true, true, DicomBytes.ExplicitLittle().Text(0x0008, 0x1150, "UI", "1.2.3.4\0"))
        .Text(0x0010, 0x0010, "PN", "DOE^J ")
        .Element(0x7FE0, 0x0010, "OW", Enumerable.Range(0, 64).Select(i => (byte)i).ToArray())
        .ToArray();

    [Fact]
    public void A_file_cut_at_every_byte_offset_parses_cleanly_or_gives_a_format_exception()
    {
        var whole = SmallFile(DicomBytes.Part10("1.2.840.10008.1.2.1"));
        AssertEveryCut(whole);
    }

    [Fact]
    public void Encapsulated_and_deflate_free_implicit_files_cut_anywhere_never_escape_another_exception()
    {
        var whole = DicomBytes.Part10("1.2.840.10008.1.2.4.70")
            .Sequence(0x0040, 0xA730, false, true, DicomBytes.ExplicitLittle().Text(0x0040, 0xA160, "UT", "X "))
            .Encapsulated([0, 0, 0, 0], [1, 2, 3, 4, 5, 6], [7, 8])
            .ToArray();
        AssertEveryCut(whole);
    }

    [Fact]
    public void Random_byte_corruption_never_escapes_another_exception()
    {
        var whole = SmallFile(DicomBytes.Part10("1.2.840.10008.1.2.1"));
        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var bytes = (byte[])whole.Clone();
            for (var k = 0; k < 3; k++)
            {
                bytes[random.Next(132, bytes.Length)] = (byte)random.Next(256);
            }
            TryReadAndWrite(bytes);
        }
    }

    private static void AssertEveryCut(byte[] whole)
    {
        for (var cut = 0; cut <= whole.Length; cut++)
        {
            TryReadAndWrite(whole[..cut]);
        }
    }

    private static void TryReadAndWrite(byte[] bytes)
    {
        try
        {
            using var file = Dicom.Open(bytes);
            Dicom.Save(file);
        }
        catch (DicomFormatException)
        {
            // A clean refusal is fine; anything else fails the test.
        }
    }
}
