using System.Text;

namespace DropBox.Dicom.Tests.Text;

public class DicomCharacterSetRobustnessTests
{
    private static readonly string[] SpecificCharacterSets =
    [
        "", "ISO_IR 6", "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144", "ISO_IR 127", "ISO_IR 126",
        "ISO_IR 138", "ISO_IR 148", "ISO_IR 166", "ISO_IR 13", "ISO_IR 192", "GB18030", "GBK", "ISO_IR 999",
        "ISO 2022 IR 6", "ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159", "ISO 2022 IR 149", "ISO 2022 IR 58", "ISO 2022 IR 100",
        @"\ISO 2022 IR 87", @"ISO 2022 IR 13\ISO 2022 IR 87\ISO 2022 IR 159", @"\ISO 2022 IR 149", @"\ISO 2022 IR 58",
        @"ISO 2022 IR 100\ISO 2022 IR 101\ISO 2022 IR 109\ISO 2022 IR 110\ISO 2022 IR 144\ISO 2022 IR 127",
        @"ISO 2022 IR 126\ISO 2022 IR 138\ISO 2022 IR 148\ISO 2022 IR 166\ISO 2022 IR 6",
    ];

    private static readonly DicomVR[] Vrs = [DicomVR.PN, DicomVR.LO, DicomVR.LT, DicomVR.CS, DicomVR.UN];

    [Fact]
    public void Decoding_random_bytes_with_every_character_set_never_throws()
    {
        var random = new Random(20240605);
        // Bytes biased towards ESC, delimiters and the lead bytes of double-byte sets, to reach every state.
        byte[] interesting = [0x1B, 0x24, 0x28, 0x29, 0x2D, 0x42, 0x43, 0x44, 0x4A, 0x49, 0x41, 0x5C, 0x5E, 0x3D, 0x0D, 0xA1, 0xD5, 0xFE, 0xFF, 0x80, 0x8F];
        foreach (var scs in SpecificCharacterSets)
        {
            var charset = DicomCharacterSet.FromSpecificCharacterSet(scs, out _);
            for (var n = 0; n < 150; n++)
            {
                var bytes = new byte[random.Next(0, 48)];
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = random.Next(3) == 0 ? interesting[random.Next(interesting.Length)] : (byte)random.Next(256);
                }
                foreach (var vr in Vrs)
                {
                    var text = charset.Decode(bytes, vr);
                    _ = charset.DecodeValues(bytes, vr);
                    _ = charset.Encode(text, vr);
                }
            }
        }
    }

    [Fact]
    public void Encoding_random_text_with_every_character_set_never_throws()
    {
        var random = new Random(7);
        foreach (var scs in SpecificCharacterSets)
        {
            var charset = DicomCharacterSet.FromSpecificCharacterSet(scs, out _);
            for (var n = 0; n < 100; n++)
            {
                var text = new StringBuilder();
                for (var i = random.Next(0, 24); i > 0; i--)
                {
                    text.Append(random.Next(4) switch
                    {
                        0 => (char)random.Next(0x20, 0x7F),
                        1 => (char)random.Next(0xA0, 0x600),
                        2 => (char)random.Next(0x3000, 0xA000),
                        _ => (char)random.Next(0xAC00, 0xFFFF),
                    });
                }
                foreach (var vr in Vrs)
                {
                    _ = charset.Decode(charset.Encode(text.ToString(), vr), vr);
                }
                Assert.All(charset.Encodings, e => e.GetBytes(text.ToString()));
            }
        }
    }
}
