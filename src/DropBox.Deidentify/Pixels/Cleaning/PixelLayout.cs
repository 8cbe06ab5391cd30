using System.Globalization;
using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Cleaning;

/// <summary>
/// How native (uncompressed) pixel data lies in its bytes, read from the Image Pixel module: the frame size, the sample
/// size and byte order, the colour layout. Only layouts this cleaner can blank exactly are described; any other is a
/// problem the caller quarantines (fail closed).
/// </summary>
internal sealed record PixelLayout(
    int Rows, int Columns, int SamplesPerPixel, int BitsAllocated, int BitsStored, bool Signed, bool Planar,
    string Photometric, int Frames, bool BigEndian)
{
    public static readonly DicomTag SamplesPerPixelTag = new(0x0028, 0x0002);
    public static readonly DicomTag PhotometricTag = new(0x0028, 0x0004);
    public static readonly DicomTag PlanarConfigurationTag = new(0x0028, 0x0006);
    public static readonly DicomTag NumberOfFramesTag = new(0x0028, 0x0008);
    public static readonly DicomTag RowsTag = new(0x0028, 0x0010);
    public static readonly DicomTag ColumnsTag = new(0x0028, 0x0011);
    public static readonly DicomTag BitsAllocatedTag = new(0x0028, 0x0100);
    public static readonly DicomTag BitsStoredTag = new(0x0028, 0x0101);
    public static readonly DicomTag HighBitTag = new(0x0028, 0x0102);
    public static readonly DicomTag PixelRepresentationTag = new(0x0028, 0x0103);

    public const string Monochrome1 = "MONOCHROME1";
    public const string Monochrome2 = "MONOCHROME2";
    public const string Rgb = "RGB";
    public const string YbrFull = "YBR_FULL";
    public const string YbrFull422 = "YBR_FULL_422";

    public int BytesPerSample => BitsAllocated / 8;

    /// <summary>YBR_FULL_422: two horizontal neighbours share one Cb and one Cr (Y Y Cb Cr per pair).</summary>
    public bool IsSubsampled => Photometric == YbrFull422;

    public bool IsYbr => Photometric is YbrFull or YbrFull422;

    public bool IsMonochrome1 => Photometric == Monochrome1;

    /// <summary>Bytes of one frame: rows × columns × samples (two stored values per pixel pair for 4:2:2).</summary>
    public long FrameLength => (long)Rows * Columns * (IsSubsampled ? 2 : SamplesPerPixel) * BytesPerSample;

    /// <summary>The layout of <paramref name="dataset"/>'s native pixel data of <paramref name="pixelLength"/> bytes, or
    /// null with a PHI-free <paramref name="problem"/> (attribute names and numbers only).</summary>
    public static PixelLayout? Of(DicomDataset dataset, bool bigEndian, long pixelLength, out string problem)
    {
        var rows = Number(dataset, RowsTag, bigEndian);
        var columns = Number(dataset, ColumnsTag, bigEndian);
        var samples = Number(dataset, SamplesPerPixelTag, bigEndian) ?? 1;
        var allocated = Number(dataset, BitsAllocatedTag, bigEndian);
        var stored = Number(dataset, BitsStoredTag, bigEndian) ?? allocated;
        var high = Number(dataset, HighBitTag, bigEndian) ?? stored - 1;
        var signed = Number(dataset, PixelRepresentationTag, bigEndian) == 1;
        var planar = Number(dataset, PlanarConfigurationTag, bigEndian) == 1;
        var frames = Number(dataset, NumberOfFramesTag, bigEndian) ?? 1;
        var photometric = dataset.GetString(PhotometricTag)?.Trim().ToUpperInvariant() ?? string.Empty;
        problem = string.Empty;
        if (rows is not > 0 || columns is not > 0 || allocated is null || stored is null)
        {
            problem = "Rows, Columns or Bits Allocated is missing or zero";
            return null;
        }
        if (allocated is not (8 or 16) || stored is < 1 || stored > allocated || high != stored - 1)
        {
            problem = $"Bits Allocated {allocated}, Bits Stored {stored}, High Bit {high} is not a layout the cleaner blanks (8 or 16 bits, high bit = stored - 1)";
            return null;
        }
        var known = samples switch
        {
            1 => photometric is Monochrome1 or Monochrome2,
            3 => photometric is Rgb or YbrFull || (photometric == YbrFull422 && !planar && columns % 2 == 0),
            _ => false,
        };
        if (!known)
        {
            problem = $"Samples per Pixel {samples} with Photometric Interpretation {Safe(photometric)} is not a layout the cleaner blanks";
            return null;
        }
        if (frames < 1)
        {
            problem = $"Number of Frames {frames} is not positive";
            return null;
        }
        var layout = new PixelLayout(rows.Value, columns.Value, samples, allocated.Value, stored.Value, signed, planar && samples == 3,
            photometric, frames, bigEndian && allocated == 16);
        if (layout.FrameLength * frames > pixelLength)
        {
            problem = $"the pixel data holds {pixelLength} bytes, fewer than {frames} frames of {layout.FrameLength}";
            return null;
        }
        return layout;
    }

    /// <summary>A photometric name for a message: a defined term or "another value" (the attribute could hold anything).</summary>
    private static string Safe(string photometric) =>
        photometric.Length <= 16 && photometric.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9' or '_') ? photometric : "(another value)";

    /// <summary>A US (in the value's byte order) or IS attribute as a number.</summary>
    private static int? Number(DicomDataset dataset, DicomTag tag, bool bigEndian)
    {
        if (dataset.Get(tag) is not DicomElement { Value.IsInMemory: true } element)
        {
            return null;
        }
        if (element.VR == DicomVR.US && element.Value.Length >= 2)
        {
            var span = element.Value.Span;
            return bigEndian ? (span[0] << 8) | span[1] : span[0] | (span[1] << 8);
        }
        return int.TryParse(dataset.GetString(tag)?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
