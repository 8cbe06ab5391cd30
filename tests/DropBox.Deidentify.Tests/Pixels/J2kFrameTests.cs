using DropBox.Deidentify.Pixels;
using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Pixels.CompressedFrames;

namespace DropBox.Deidentify.Tests.Pixels;

/// <summary>JPEG 2000 codestreams and JP2 files: COM segments in every header, text boxes.</summary>
public sealed class J2kFrameTests
{
    private static DicomFragments Pixels(byte[] frame)
    {
        var pixels = new DicomFragments(new DicomTag(0x7FE0, 0x0010), DicomVR.OB);
        pixels.Fragments.Add(DicomValue.FromBytes(frame));
        return pixels;
    }

    [Fact]
    public void A_name_in_a_j2k_comment_is_blanked_after_its_registration_value()
    {
        var input = J2k([J2kCom("Zebediah^Quux")], NoTileSegments);
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, Jpeg2000);

        var output = pixels.Fragments[0].ToArray();
        Assert.False(Contains(output, "Zebediah"));
        Assert.Equal(input.Length, output.Length);
        var com = input.AsSpan().IndexOf(J2kCom("Zebediah^Quux"));
        Assert.Equal(input[..(com + 6)], output[..(com + 6)]); // marker, Lcom, Rcom unchanged
        Assert.Equal(input[(com + 6 + 13)..], output[(com + 6 + 13)..]);
        Assert.Equal("keep; 1 text segment blanked in 1 frame (COM)", report.PlanText());
    }

    [Fact]
    public void Comments_in_every_tile_part_header_are_blanked()
    {
        var input = J2k([], [J2kCom("Zebediah tile one")], [Segment(0x58, [0, 1, 2]), J2kCom("Zebediah tile two")]);
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, Htj2k);

        Assert.False(Contains(pixels.Fragments[0].ToArray(), "Zebediah"));
        Assert.Equal(2, report.SegmentsBlanked);
    }

    [Fact]
    public void A_tile_part_length_past_the_frame_leaves_the_frame_untouched()
    {
        var input = J2k([J2kCom("Zebediah")], NoTileSegments);
        var sot = input.AsSpan().IndexOf((byte[])[0xFF, 0x90]);
        input[sot + 6] = 0x7F; // Psot: 2 GB
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, Jpeg2000);

        Assert.Equal(input, pixels.Fragments[0].ToArray());
        Assert.Contains("not walked", report.PlanText());
    }

    [Fact]
    public void A_jp2_file_in_place_of_a_codestream_has_its_xml_box_zeroed_and_its_codestream_walked()
    {
        var codestream = J2k([J2kCom("Zebediah")], NoTileSegments);
        byte[] signature = [0, 0, 0, 12, .. "jP  "u8.ToArray(), 0x0D, 0x0A, 0x87, 0x0A];
        byte[] xml = [.. Box("xml ", "<name>Zebediah Quux</name>"u8.ToArray())];
        byte[] input = [.. signature, .. Box("ftyp", [.. "jp2 "u8.ToArray(), 0, 0, 0, 0, .. "jp2 "u8.ToArray()]), .. xml, .. Box("jp2c", codestream)];
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, Jpeg2000);

        var output = pixels.Fragments[0].ToArray();
        Assert.False(Contains(output, "Zebediah"));
        Assert.True(Contains(output, "xml "));
        Assert.Equal(input.Length, output.Length);
        Assert.Equal("keep; 2 text segments blanked in 1 frame (COM, JP2 'xml' box)", report.PlanText());
    }

    private static byte[] Box(string type, byte[] content)
    {
        var size = 8 + content.Length;
        return [(byte)(size >> 24), (byte)(size >> 16), (byte)(size >> 8), (byte)size, .. System.Text.Encoding.ASCII.GetBytes(type), .. content];
    }
}
