using DropBox.Deidentify.Pixels;
using DropBox.Dicom;
using static DropBox.Deidentify.Tests.Pixels.CompressedFrames;

namespace DropBox.Deidentify.Tests.Pixels;

/// <summary>The header-segment cleaner on pixel data built in memory (the engine's use of it: <see cref="EncapsulatedTextTests"/>).</summary>
public sealed class FrameTextCleanerTests
{
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    private static DicomFragments Pixels(params byte[][] fragments)
    {
        var pixels = new DicomFragments(PixelData, DicomVR.OB);
        pixels.Fragments.AddRange(fragments.Select(DicomValue.FromBytes));
        return pixels;
    }

    private static byte[] Frame(DicomFragments pixels) => [.. pixels.Fragments.SelectMany(f => f.ToArray())];

    [Fact]
    public void A_name_in_a_jpeg_comment_segment_is_blanked_and_every_length_stays()
    {
        var input = Jpeg(Com("Zebediah^Quux"));
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        var output = Frame(pixels);
        Assert.False(Contains(output, "Zebediah"));
        Assert.Equal(input.Length, output.Length);
        Assert.Equal(JpegLayout(input), JpegLayout(output));
        Assert.Equal(Com(new string(' ', 13)), output[2..19]);
        Assert.Equal(input[19..], output[19..]); // everything after the comment, byte for byte
        Assert.Equal("keep; 1 text segment blanked in 1 frame (COM)", report.PlanText());
    }

    [Fact]
    public void An_exif_segment_is_zeroed_and_the_adobe_colour_transform_is_kept()
    {
        var adobe = Adobe();
        var input = Jpeg(App(1, "Exif\0\0", "Owner Zebediah Quux, serial SN-55117"), adobe);
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        var output = Frame(pixels);
        Assert.False(Contains(output, "Zebediah"));
        Assert.False(Contains(output, "Exif"));
        var exifPayload = output[6..(6 + 6 + 36)];
        Assert.All(exifPayload, b => Assert.Equal(0, b));
        Assert.True(output.AsSpan().IndexOf(adobe) > 0);
        Assert.Equal(JpegLayout(input), JpegLayout(output));
        Assert.Equal("keep; 1 text segment blanked in 1 frame (APP1)", report.PlanText());
    }

    [Fact]
    public void A_jfif_thumbnail_is_zeroed_but_its_header_and_size_stay()
    {
        var jfif = JfifWithThumbnail([200, 201, 202, 203, 204, 205]);
        var pixels = Pixels(Jpeg(jfif));

        FrameTextCleaner.Clean(pixels, JpegBaseline);

        var output = Frame(pixels);
        Assert.Equal(jfif[..18], output[2..20]); // marker, length, "JFIF\0" ... Xthumb 2, Ythumb 1
        Assert.Equal(new byte[6], output[20..26]);
    }

    [Fact]
    public void Unknown_application_segments_and_an_app0_that_is_not_jfif_are_zeroed()
    {
        var pixels = Pixels(Jpeg(App(0, "LJIF\0", "x"), App(11, "JP", "Zebediah"), App(15, "", "Zebediah Quux")));

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        Assert.False(Contains(Frame(pixels), "Zebediah"));
        Assert.False(Contains(Frame(pixels), "LJIF"));
        Assert.Equal("keep; 3 text segments blanked in 1 frame (APP0, APP11, APP15)", report.PlanText());
    }

    [Fact]
    public void Icc_profiles_and_the_jpeg_ls_colour_transform_are_kept()
    {
        var icc = App(2, "ICC_PROFILE\0", "\u0001\u0001profile-bytes");
        var mrfx = App(8, "mrfx", "\u0001");
        var lse = Segment(0xF8, [1, 0, 255, 0, 3, 0, 7, 0, 21, 0, 64]);
        var input = Jpeg(icc, mrfx, lse);
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, JpegLsLossless);

        Assert.Equal(input, Frame(pixels));
        Assert.Equal("keep", report.PlanText());
    }

    [Fact]
    public void Fill_bytes_before_a_marker_are_walked_over()
    {
        byte[] input = [.. Jpeg()[..2], 0xFF, 0xFF, 0xFF, .. Com("Zebediah"), .. Jpeg()[2..]];
        var pixels = Pixels(input);

        FrameTextCleaner.Clean(pixels, JpegBaseline);

        Assert.False(Contains(Frame(pixels), "Zebediah"));
        Assert.Equal(input.Length, Frame(pixels).Length);
    }

    [Fact]
    public void A_comment_that_straddles_two_fragments_is_blanked_in_both()
    {
        var input = Jpeg(Com("Zebediah^Quux"));
        var pixels = Pixels(input[..10], input[10..]); // the cut falls inside "Zebediah"

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        Assert.Equal(10, pixels.Fragments[0].Length);
        Assert.Equal(input.Length - 10, pixels.Fragments[1].Length);
        Assert.False(Contains(Frame(pixels), "Zebediah"));
        Assert.False(Contains(Frame(pixels), "Quux"));
        Assert.Equal("keep; 1 text segment blanked in 1 frame (COM)", report.PlanText());
    }

    [Fact]
    public void A_truncated_segment_length_leaves_the_frame_untouched_and_says_so()
    {
        var input = Jpeg(Com("Zebediah"));
        input[4] = 0x7F; // the COM now claims 32 KiB, past the end of the frame
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        Assert.Equal(input, Frame(pixels));
        Assert.Equal(0, report.SegmentsBlanked);
        Assert.StartsWith("keep; 1 frame not walked, kept unchanged (frame 1: the FFFE segment at byte 2", report.PlanText());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(25)]
    public void A_frame_cut_short_anywhere_in_its_header_is_left_untouched(int length)
    {
        var input = Jpeg(Com("Zebediah"))[..length];
        var pixels = Pixels(input.Length == 0 ? [0] : input);

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        Assert.Equal(1, report.FramesNotWalked);
        Assert.Equal(0, report.SegmentsBlanked);
    }

    [Fact]
    public void A_header_that_needs_more_than_a_mebibyte_read_is_left_untouched()
    {
        // 1,100 kept ICC segments of 2 KB: walking them reads one window per segment, past the 1 MiB budget.
        var icc = App(2, "ICC_PROFILE\0", new string('p', 2000));
        var input = Jpeg([.. Enumerable.Repeat(icc, 1100), Com("Zebediah")]);
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        Assert.Equal(input, Frame(pixels));
        Assert.Contains("its header needs more than 1048576 bytes read", report.PlanText());
    }

    [Fact]
    public void More_than_a_mebibyte_of_text_segments_leaves_the_frame_untouched()
    {
        var input = Jpeg([.. Enumerable.Repeat(App(15, "", new string('x', 60000)), 20)]);
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        Assert.Equal(input, Frame(pixels));
        Assert.Contains("more than 1048576 bytes of text segments", report.PlanText());
    }

    [Fact]
    public void Frames_are_found_by_the_offset_table_and_each_is_cleaned()
    {
        var first = Jpeg(Com("Zebediah one"));
        var second = Jpeg(Com("Zebediah two"));
        var pixels = Pixels(first[..30], first[30..], second);
        var table = new byte[8];
        BitConverter.TryWriteBytes(table.AsSpan(4), 8 + 30 + 8 + first.Length - 30);
        pixels.OffsetTable = DicomValue.FromBytes(table);

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        Assert.Equal(table, pixels.OffsetTable.ToArray());
        Assert.False(Contains(Frame(pixels), "Zebediah"));
        Assert.Equal("keep; 2 text segments blanked in 2 frames (COM)", report.PlanText());
    }

    [Fact]
    public void Without_an_offset_table_each_fragment_starting_with_soi_starts_a_frame()
    {
        var first = Jpeg(Com("Zebediah one"));
        var second = Jpeg(Com("Zebediah two"));
        var pixels = Pixels(first[..20], first[20..], second);

        var report = FrameTextCleaner.Clean(pixels, JpegBaseline);

        Assert.False(Contains(Frame(pixels), "Zebediah"));
        Assert.Equal(2, report.FramesBlanked);
    }

    [Fact]
    public void Rle_and_other_syntaxes_are_not_walked()
    {
        var input = Jpeg(Com("Zebediah"));
        var pixels = Pixels(input);

        var report = FrameTextCleaner.Clean(pixels, "1.2.840.10008.1.2.5");

        Assert.Equal(input, Frame(pixels));
        Assert.Equal("keep", report.PlanText());
    }
}
