using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Deidentify.Pixels.Cleaning;

/// <summary>
/// One frame of native pixel data inside the whole value's bytes: blanks rectangles in place (every byte outside them
/// untouched) and renders the frame as 8-bit grey or RGB for OCR. Frames of one value share the array but never a
/// byte, so frames can be cleaned in parallel.
/// </summary>
internal sealed class NativeFrame(byte[] pixels, PixelLayout layout, int index)
{
    private readonly long _start = index * layout.FrameLength;

    public int Number => index + 1;

    /// <summary>
    /// Writes black over <paramref name="region"/> clipped to the frame, in the photometric's sense: 0 for MONOCHROME2
    /// and RGB (the lowest value when signed), the highest value for MONOCHROME1, Y=0 with Cb=Cr at mid-range for YBR.
    /// For YBR_FULL_422 the rectangle is widened to whole pixel pairs, which share their colour samples.
    /// </summary>
    public void Blank(PixelRegion region)
    {
        var x0 = Math.Max(0, region.X);
        var y0 = Math.Max(0, region.Y);
        var x1 = (int)Math.Min(layout.Columns, (long)region.X + region.Width);
        var y1 = (int)Math.Min(layout.Rows, (long)region.Y + region.Height);
        if (x0 >= x1 || y0 >= y1)
        {
            return;
        }
        if (layout.IsSubsampled)
        {
            x0 &= ~1;
            x1 = Math.Min(layout.Columns, (x1 + 1) & ~1);
        }
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                if (layout.IsSubsampled)
                {
                    Write(Offset422(x, y, (x & 1) == 0 ? 0 : 1), BlackFor(0));
                    Write(Offset422(x, y, 2), BlackFor(1));
                    Write(Offset422(x, y, 3), BlackFor(2));
                    continue;
                }
                for (var sample = 0; sample < layout.SamplesPerPixel; sample++)
                {
                    Write(Offset(x, y, sample), BlackFor(sample));
                }
            }
        }
    }

    /// <summary>
    /// Zeroes the bits above Bits Stored in every sample of the frame: where an old device kept an overlay bitmap (a
    /// burned-in graphic or text layer, PS3.3 C.9.2.1.1 retired usage) inside the pixel words. The stored values are
    /// unchanged; only bits no reader uses for the image change.
    /// </summary>
    public void ClearBitsAboveStored()
    {
        if (layout.BytesPerSample != 2 || layout.BitsStored == 16)
        {
            return;
        }
        var keep = (1 << layout.BitsStored) - 1;
        for (var offset = _start; offset < _start + layout.FrameLength; offset += 2)
        {
            var word = layout.BigEndian ? (pixels[offset] << 8) | pixels[offset + 1] : pixels[offset] | (pixels[offset + 1] << 8);
            var value = word & keep;
            if (layout.Signed && (value & (1 << (layout.BitsStored - 1))) != 0)
            {
                value |= ~keep & 0xFFFF; // a signed value keeps its sign extension: the same stored value
            }
            Write(offset, value);
        }
    }

    /// <summary>The frame as OCR reads it: 8-bit samples as they are, 16-bit ones scaled from the frame's own minimum and
    /// maximum to 0–255, MONOCHROME1 inverted (text reads dark on light as on the screen), YBR converted to RGB.</summary>
    public FrameImage Render()
    {
        var width = layout.Columns;
        var height = layout.Rows;
        var channels = layout.SamplesPerPixel;
        var values = new int[width * height * channels];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                for (var c = 0; c < channels; c++)
                {
                    values[((y * width) + x) * channels + c] = Read(layout.IsSubsampled ? Offset422(x, y, c == 0 ? x & 1 : c + 1) : Offset(x, y, c));
                }
            }
        }
        var bytes = Scale(values);
        if (layout.IsMonochrome1)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(255 - bytes[i]);
            }
        }
        if (layout.IsYbr)
        {
            YbrToRgb(bytes);
        }
        return new FrameImage(width, height, channels, bytes);
    }

    private byte[] Scale(int[] values)
    {
        var bytes = new byte[values.Length];
        if (layout.BitsAllocated == 8)
        {
            var offset = layout.Signed ? 128 : 0;
            for (var i = 0; i < values.Length; i++)
            {
                bytes[i] = (byte)Math.Clamp(values[i] + offset, 0, 255);
            }
            return bytes;
        }
        if (layout.IsYbr)
        {
            // Colour samples centre on half the range: a shift keeps them centred, a min/max stretch would not.
            var shift = Math.Max(0, layout.BitsStored - 8);
            for (var i = 0; i < values.Length; i++)
            {
                bytes[i] = (byte)Math.Clamp(values[i] >> shift, 0, 255);
            }
            return bytes;
        }
        int min = int.MaxValue, max = int.MinValue;
        foreach (var v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        var range = Math.Max(1, max - min);
        for (var i = 0; i < values.Length; i++)
        {
            bytes[i] = (byte)((long)(values[i] - min) * 255 / range);
        }
        return bytes;
    }

    /// <summary>PS3.3 C.7.6.3.1.2 YBR_FULL to RGB, in place on interleaved 8-bit samples.</summary>
    private static void YbrToRgb(byte[] bytes)
    {
        for (var i = 0; i + 2 < bytes.Length; i += 3)
        {
            double y = bytes[i], cb = bytes[i + 1] - 128.0, cr = bytes[i + 2] - 128.0;
            bytes[i] = Clamp(y + 1.402 * cr);
            bytes[i + 1] = Clamp(y - 0.344136 * cb - 0.714136 * cr);
            bytes[i + 2] = Clamp(y + 1.772 * cb);
        }
    }

    private static byte Clamp(double v) => (byte)Math.Clamp((int)Math.Round(v), 0, 255);

    /// <summary>The stored value that shows black for sample <paramref name="sample"/>, as the BitsAllocated-wide word.</summary>
    private int BlackFor(int sample)
    {
        var stored = layout.BitsStored;
        if (layout.IsYbr)
        {
            return sample == 0 ? 0 : 1 << (stored - 1);
        }
        if (layout.IsMonochrome1)
        {
            return layout.Signed ? (1 << (stored - 1)) - 1 : (1 << stored) - 1;
        }
        return layout.Signed ? -(1 << (stored - 1)) : 0; // written sign-extended over the whole word
    }

    private long Offset(int x, int y, int sample)
    {
        long pixel = layout.Planar
            ? ((long)sample * layout.Rows * layout.Columns) + ((long)y * layout.Columns) + x
            : ((((long)y * layout.Columns) + x) * layout.SamplesPerPixel) + sample;
        return _start + (pixel * layout.BytesPerSample);
    }

    /// <summary>4:2:2 stores Y0 Y1 Cb Cr per horizontal pair: <paramref name="slot"/> 0–3 within the pair of x.</summary>
    private long Offset422(int x, int y, int slot) =>
        _start + (((((long)y * layout.Columns) + (x & ~1)) * 2) + slot) * layout.BytesPerSample;

    /// <summary>The sample at <paramref name="offset"/>: bits above Bits Stored dropped, sign-extended when signed.</summary>
    private int Read(long offset)
    {
        int word = layout.BytesPerSample == 1 ? pixels[offset]
            : layout.BigEndian ? (pixels[offset] << 8) | pixels[offset + 1]
            : pixels[offset] | (pixels[offset + 1] << 8);
        var stored = layout.BitsStored;
        word &= (1 << stored) - 1;
        if (layout.Signed && (word & (1 << (stored - 1))) != 0)
        {
            word -= 1 << stored;
        }
        return word;
    }

    private void Write(long offset, int value)
    {
        if (layout.BytesPerSample == 1)
        {
            pixels[offset] = (byte)value;
        }
        else if (layout.BigEndian)
        {
            pixels[offset] = (byte)(value >> 8);
            pixels[offset + 1] = (byte)value;
        }
        else
        {
            pixels[offset] = (byte)value;
            pixels[offset + 1] = (byte)(value >> 8);
        }
    }
}
