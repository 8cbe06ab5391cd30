namespace DropBox.Daemon.Unpack;

/// <summary>
/// A cheap look at the first bytes of a file: is it DICOM (Part 10 with "DICM" at 128, or a plausible bare
/// little-endian dataset) or a zip? Never a full parse; the codec does that.
/// </summary>
internal static class DicomSniffer
{
    /// <summary>How many leading bytes the sniffers need.</summary>
    public const int HeadLength = 132;

    private static readonly HashSet<string> KnownVrs = new(StringComparer.Ordinal)
    {
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FL", "FD", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV", "OW",
        "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    };

    /// <summary>True when <paramref name="head"/> starts a Part 10 file or a plausible bare dataset.</summary>
    public static bool LooksLikeDicom(ReadOnlySpan<byte> head) => IsPart10(head) || IsPlausibleBareDataset(head);

    /// <summary>"DICM" at offset 128.</summary>
    public static bool IsPart10(ReadOnlySpan<byte> head) =>
        head.Length >= HeadLength && head[128] == 'D' && head[129] == 'I' && head[130] == 'C' && head[131] == 'M';

    /// <summary>
    /// A dataset without preamble: the first tag is in group 0002 or 0008 (little endian) and is followed either by
    /// a known explicit VR or by an implicit-VR length that fits in the file.
    /// </summary>
    public static bool IsPlausibleBareDataset(ReadOnlySpan<byte> head, long fileLength = long.MaxValue)
    {
        if (head.Length < 8)
        {
            return false;
        }

        var group = head[0] | (head[1] << 8);
        if (group is not (0x0002 or 0x0008))
        {
            return false;
        }

        var vr = string.Create(2, (head[4], head[5]), static (span, b) => { span[0] = (char)b.Item1; span[1] = (char)b.Item2; });
        if (KnownVrs.Contains(vr))
        {
            return true;
        }

        var implicitLength = (uint)(head[4] | (head[5] << 8) | (head[6] << 16) | (head[7] << 24));
        return implicitLength < 0x10000 && implicitLength + 8 <= fileLength;
    }

    /// <summary>A zip local header, an empty zip's end record, or a spanned-archive marker.</summary>
    public static bool LooksLikeZip(ReadOnlySpan<byte> head) =>
        head.Length >= 4 && head[0] == 'P' && head[1] == 'K'
        && ((head[2] == 3 && head[3] == 4) || (head[2] == 5 && head[3] == 6) || (head[2] == 7 && head[3] == 8));

    /// <summary>Reads up to <see cref="HeadLength"/> bytes from the start of a regular file.</summary>
    public static byte[] ReadHead(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var buffer = new byte[HeadLength];
        var read = stream.ReadAtLeast(buffer, HeadLength, throwOnEndOfStream: false);
        return buffer[..read];
    }
}
