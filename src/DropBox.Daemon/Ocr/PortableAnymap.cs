using System.Globalization;
using System.Text;
using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Daemon.Ocr;

/// <summary>
/// A frame as a binary PGM (P5, grey) or PPM (P6, RGB) image: the simplest format tesseract (leptonica) reads from
/// stdin, so a frame goes to it through a pipe and no plaintext image of it is written to disk.
/// </summary>
internal static class PortableAnymap
{
    public static byte[] Encode(FrameImage frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var magic = frame.SamplesPerPixel switch
        {
            1 => "P5",
            3 => "P6",
            _ => throw new ArgumentException($"A frame to read has 1 or 3 samples per pixel, not {frame.SamplesPerPixel}.", nameof(frame)),
        };
        var expected = (long)frame.Width * frame.Height * frame.SamplesPerPixel;
        if (frame.Width <= 0 || frame.Height <= 0 || frame.Pixels.LongLength != expected)
        {
            throw new ArgumentException($"A {frame.Width}x{frame.Height} frame of {frame.SamplesPerPixel} sample(s) needs {expected} bytes, not {frame.Pixels.LongLength}.", nameof(frame));
        }

        var header = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{magic}\n{frame.Width} {frame.Height}\n255\n"));
        var image = new byte[header.Length + frame.Pixels.Length];
        header.CopyTo(image, 0);
        frame.Pixels.CopyTo(image, header.Length);
        return image;
    }
}
