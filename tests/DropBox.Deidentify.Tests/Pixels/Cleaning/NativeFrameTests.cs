using System.Text.Json;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Deidentify.Tests.Pixels.Cleaning;

public sealed class NativeFrameTests
{
    public static TheoryData<PixelFormat> Formats => new()
    {
        new PixelFormat(1, 8, 8, false, false, PixelLayout.Monochrome2),
        new PixelFormat(1, 8, 8, false, false, PixelLayout.Monochrome1),
        new PixelFormat(1, 16, 12, false, false, PixelLayout.Monochrome2),
        new PixelFormat(1, 16, 16, true, false, PixelLayout.Monochrome2),
        new PixelFormat(1, 16, 12, true, false, PixelLayout.Monochrome2),
        new PixelFormat(1, 16, 12, false, false, PixelLayout.Monochrome1),
        new PixelFormat(1, 16, 12, true, false, PixelLayout.Monochrome1),
        new PixelFormat(3, 8, 8, false, false, PixelLayout.Rgb),
        new PixelFormat(3, 8, 8, false, true, PixelLayout.Rgb),
        new PixelFormat(3, 16, 16, false, true, PixelLayout.Rgb),
        new PixelFormat(3, 8, 8, false, false, PixelLayout.YbrFull),
        new PixelFormat(3, 8, 8, false, true, PixelLayout.YbrFull),
        new PixelFormat(3, 8, 8, false, false, PixelLayout.YbrFull422),
        new PixelFormat(1, 8, 8, false, false, PixelLayout.Monochrome2, Frames: 5),
    };

    // One rectangle inside the frame (odd x: widened to pixel pairs for 4:2:2) and one reaching past its corner (clipped).
    private static readonly PixelRegion[] Rectangles = [new(5, 3, 10, 7), new(28, 20, 10, 10)];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Blanking_changes_no_byte_outside_the_rectangles_of_the_frame_it_cleans(PixelFormat format)
    {
        var before = PixelFixtures.Noise(format);
        var after = (byte[])before.Clone();
        var layout = PixelFixtures.LayoutOf(format, after);
        var frame = new NativeFrame(after, layout, 1);
        foreach (var rectangle in Rectangles)
        {
            frame.Blank(rectangle);
        }

        var frameLength = (int)layout.FrameLength;
        // Every other frame byte for byte; inside frame 2 only bytes of pixels in the rectangles may differ.
        Assert.Equal(before.AsSpan(0, frameLength).ToArray(), after.AsSpan(0, frameLength).ToArray());
        Assert.Equal(before.AsSpan(2 * frameLength).ToArray(), after.AsSpan(2 * frameLength).ToArray());
        var changed = Enumerable.Range(frameLength, frameLength).Count(i => before[i] != after[i]);
        var insideBytes = ((10 + (layout.IsSubsampled ? 2 : 0)) * 7 + (4 * 4)) * (layout.FrameLength / (PixelFixtures.Rows * PixelFixtures.Columns));
        Assert.InRange(changed, 1, insideBytes);
    }

    [ToolTheory("pydicom", "numpy")]
    [MemberData(nameof(Formats))]
    public void Pydicom_reads_black_inside_the_rectangles_and_every_other_pixel_as_before(PixelFormat format)
    {
        using var dir = new TempDir("dropbox-native-frame");
        var before = PixelFixtures.Noise(format);
        var after = (byte[])before.Clone();
        var layout = PixelFixtures.LayoutOf(format, after);
        var frame = new NativeFrame(after, layout, 1);
        foreach (var rectangle in Rectangles)
        {
            frame.Blank(rectangle);
        }
        var beforePath = dir.Combine("before.dcm");
        var afterPath = dir.Combine("after.dcm");
        new DicomFile(PixelFixtures.Image(format, before), TransferSyntax.ExplicitVRLittleEndian).Save(beforePath);
        new DicomFile(PixelFixtures.Image(format, after), TransferSyntax.ExplicitVRLittleEndian).Save(afterPath);
        var stored = format.BitsStored;
        int[] black = format.Photometric switch
        {
            PixelLayout.YbrFull or PixelLayout.YbrFull422 => [0, 1 << (stored - 1), 1 << (stored - 1)],
            PixelLayout.Monochrome1 => [format.Signed ? (1 << (stored - 1)) - 1 : (1 << stored) - 1],
            _ => [format.Signed ? -(1 << (stored - 1)) : 0],
        };
        var widen = format.Photometric == PixelLayout.YbrFull422 ? 1 : 0;
        var rects = Rectangles.Select(r => new[] { r.X - (r.X % 2 * widen), r.Y, r.X + r.Width + ((r.X + r.Width) % 2 * widen), r.Y + r.Height }).ToArray();

        var result = ProcessRunner.Run(Tools.Python, ["-c", OracleScript, beforePath, afterPath, JsonSerializer.Serialize(rects), JsonSerializer.Serialize(black)]);

        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Equal("ok", result.StdOut.Trim());
    }

    [Fact]
    public void A_16_bit_frame_renders_from_its_own_minimum_to_maximum()
    {
        var format = new PixelFormat(1, 16, 12, false, false, PixelLayout.Monochrome2, Frames: 1);
        var pixels = new byte[PixelFixtures.Rows * PixelFixtures.Columns * 2];
        for (var i = 0; i < pixels.Length / 2; i++)
        {
            var value = 1000 + (i % 3 * 500); // 1000, 1500, 2000
            pixels[2 * i] = (byte)value;
            pixels[(2 * i) + 1] = (byte)((value >> 8) | 0xF0); // overlay bits above Bits Stored must not count
        }
        var image = new NativeFrame(pixels, PixelFixtures.LayoutOf(format, pixels), 0).Render();
        Assert.Equal([0, 127, 255], image.Pixels.Take(3).Select(b => (int)b));
        Assert.Equal(1, image.SamplesPerPixel);
    }

    [Fact]
    public void Monochrome1_renders_inverted_so_text_reads_as_on_the_screen()
    {
        var format = new PixelFormat(1, 8, 8, false, false, PixelLayout.Monochrome1, Frames: 1);
        var pixels = new byte[PixelFixtures.Rows * PixelFixtures.Columns];
        pixels[1] = 255;
        var image = new NativeFrame(pixels, PixelFixtures.LayoutOf(format, pixels), 0).Render();
        Assert.Equal(255, image.Pixels[0]);
        Assert.Equal(0, image.Pixels[1]);
    }

    [Fact]
    public void Planar_and_interleaved_rgb_of_one_picture_render_the_same_interleaved_image()
    {
        var interleaved = new PixelFormat(3, 8, 8, false, false, PixelLayout.Rgb, Frames: 1);
        var planar = interleaved with { Planar = true };
        var pixels = PixelFixtures.Noise(interleaved);
        var planes = new byte[pixels.Length];
        var count = PixelFixtures.Rows * PixelFixtures.Columns;
        for (var p = 0; p < count; p++)
        {
            for (var c = 0; c < 3; c++)
            {
                planes[(c * count) + p] = pixels[(p * 3) + c];
            }
        }
        var a = new NativeFrame(pixels, PixelFixtures.LayoutOf(interleaved, pixels), 0).Render();
        var b = new NativeFrame(planes, PixelFixtures.LayoutOf(planar, planes), 0).Render();
        Assert.Equal(pixels, a.Pixels);
        Assert.Equal(a.Pixels, b.Pixels);
    }

    [Fact]
    public void Ybr_full_renders_as_rgb_white_stays_white_and_red_reads_red()
    {
        var format = new PixelFormat(3, 8, 8, false, false, PixelLayout.YbrFull, Frames: 1);
        var pixels = new byte[PixelFixtures.Rows * PixelFixtures.Columns * 3];
        byte[] white = [255, 128, 128], red = [76, 85, 255];
        white.CopyTo(pixels, 0);
        red.CopyTo(pixels, 3);
        var image = new NativeFrame(pixels, PixelFixtures.LayoutOf(format, pixels), 0).Render();
        Assert.Equal([255, 255, 255], image.Pixels.Take(3).Select(b => (int)b));
        Assert.InRange(image.Pixels[3], 250, 255);
        Assert.InRange(image.Pixels[4], 0, 5);
        Assert.InRange(image.Pixels[5], 0, 5);
    }

    [Theory]
    [InlineData(4, "MONOCHROME2", 8, 8, 0)]   // 4 samples
    [InlineData(1, "PALETTE COLOR", 8, 8, 0)] // index 0 is no colour in particular
    [InlineData(1, "MONOCHROME2", 32, 32, 0)]
    [InlineData(1, "MONOCHROME2", 16, 12, 14)] // high bit not at the top of the stored bits
    public void A_layout_the_cleaner_cannot_blank_exactly_is_refused_with_a_reason(int samples, string photometric, int allocated, int stored, int highBit)
    {
        var format = new PixelFormat(samples, allocated, stored, false, false, photometric, Frames: 1);
        var ds = PixelFixtures.Image(format, new byte[PixelFixtures.Rows * PixelFixtures.Columns * samples * 4]);
        if (highBit > 0)
        {
            ds.SetBytes(PixelLayout.HighBitTag, DicomVR.US, [(byte)highBit, 0]);
        }
        Assert.Null(PixelLayout.Of(ds, false, long.MaxValue, out var problem));
        Assert.NotEmpty(problem);
    }

    [Fact]
    public void Pixel_data_shorter_than_its_frames_is_refused()
    {
        var format = new PixelFormat(1, 8, 8, false, false, PixelLayout.Monochrome2, Frames: 3);
        var ds = PixelFixtures.Image(format, new byte[10]);
        Assert.Null(PixelLayout.Of(ds, false, 2 * PixelFixtures.Rows * PixelFixtures.Columns, out var problem));
        Assert.Contains("fewer than 3 frames", problem, StringComparison.Ordinal);
    }

    private const string OracleScript = """
        import sys, json, warnings
        warnings.simplefilter("ignore")
        import numpy as np, pydicom
        a = pydicom.dcmread(sys.argv[1]).pixel_array
        b = pydicom.dcmread(sys.argv[2]).pixel_array
        rects = json.loads(sys.argv[3]); black = json.loads(sys.argv[4])
        if a.shape != b.shape: print("shape", a.shape, b.shape); sys.exit(0)
        mask = np.zeros(a.shape[:3], dtype=bool)  # frames, rows, columns
        for x0, y0, x1, y1 in rects:
            mask[1, max(0, y0):y1, max(0, x0):x1] = True
        if not np.array_equal(a[~mask], b[~mask]): print("outside changed"); sys.exit(0)
        inside = b[mask]
        want = np.array(black if len(black) > 1 else black[0])
        if not np.all(inside == want): print("inside not black", inside[:3].tolist()); sys.exit(0)
        print("ok")
        """;
}
