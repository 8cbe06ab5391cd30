using DropBox.Daemon.Ocr;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Tests.Ocr;

/// <summary>Frames and readers for the OCR tests.</summary>
internal static class OcrFrames
{
    public static FrameImage Load(string rendering)
    {
        var (width, height, samples, pixels) = PortableAnymapFile.Read(rendering);
        return new FrameImage(width, height, samples, pixels);
    }

    /// <summary>A copy of <paramref name="frame"/> with the rectangle set to black, as a cleaner blanks it.</summary>
    public static FrameImage Blank(FrameImage frame, PixelRegion region)
    {
        var pixels = (byte[])frame.Pixels.Clone();
        for (var y = region.Y; y < Math.Min(frame.Height, region.Y + region.Height); y++)
        {
            Array.Clear(pixels, ((y * frame.Width) + region.X) * frame.SamplesPerPixel, Math.Min(region.Width, frame.Width - region.X) * frame.SamplesPerPixel);
        }
        return frame with { Pixels = pixels };
    }

    public static TesseractFrameTextReader Reader(string? program = null, TesseractSettings? settings = null) =>
        new(program, settings ?? new TesseractSettings(), TimeProvider.System, NullLogger<TesseractFrameTextReader>.Instance);

    public static bool Overlaps(PixelRegion a, IReadOnlyList<int> box) =>
        a.X < box[0] + box[2] && box[0] < a.X + a.Width && a.Y < box[1] + box[3] && box[1] < a.Y + a.Height;

    public static string Bare(string word) => word.Trim().TrimEnd(',', '.', ':', ';').ToUpperInvariant();
}
