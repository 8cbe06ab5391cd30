using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Daemon.Ocr;

/// <summary>
/// Enlarges a frame by a whole factor with bilinear interpolation before it is read: tesseract is trained on text
/// ~20-30 px high and misses or misreads the 8-12 px annotation fonts of ultrasound screens at their native size
/// (bench/README.md, "OCR"). Boxes read from the enlarged frame are divided back by the same factor.
/// </summary>
internal static class FrameScaler
{
    public static FrameImage Enlarge(FrameImage frame, int factor)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (factor == 1)
        {
            return frame;
        }

        int width = frame.Width, height = frame.Height, samples = frame.SamplesPerPixel;
        int outWidth = width * factor, outHeight = height * factor;
        var source = frame.Pixels;
        var target = new byte[(long)outWidth * outHeight * samples];
        for (var y = 0; y < outHeight; y++)
        {
            // Sample centres: output pixel y covers source position (y + 0.5) / factor - 0.5.
            var sy = Math.Clamp(((y + 0.5) / factor) - 0.5, 0, height - 1);
            var y0 = (int)sy;
            var y1 = Math.Min(y0 + 1, height - 1);
            var fy = sy - y0;
            for (var x = 0; x < outWidth; x++)
            {
                var sx = Math.Clamp(((x + 0.5) / factor) - 0.5, 0, width - 1);
                var x0 = (int)sx;
                var x1 = Math.Min(x0 + 1, width - 1);
                var fx = sx - x0;
                for (var s = 0; s < samples; s++)
                {
                    double top = (source[((y0 * width) + x0) * samples + s] * (1 - fx)) + (source[((y0 * width) + x1) * samples + s] * fx);
                    double bottom = (source[((y1 * width) + x0) * samples + s] * (1 - fx)) + (source[((y1 * width) + x1) * samples + s] * fx);
                    target[(((long)y * outWidth) + x) * samples + s] = (byte)Math.Round((top * (1 - fy)) + (bottom * fy));
                }
            }
        }
        return frame with { Width = outWidth, Height = outHeight, Pixels = target };
    }
}
