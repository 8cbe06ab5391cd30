namespace DropBox.Deidentify.Pixels;

/// <summary>The marker syntax of a transfer syntax's frames, as far as their header segments are concerned.</summary>
internal enum CompressionFamily
{
    /// <summary>Not walked: native pixels, RLE, MPEG/HEVC, deflated frames, JPEG XL, or unknown.</summary>
    None,

    /// <summary>JPEG (baseline, extended, lossless; the retired processes too) and JPEG-LS: T.81 markers.</summary>
    Jpeg,

    /// <summary>JPEG 2000 (Part 1 and Part 2 multi-component) and High-Throughput JPEG 2000 codestreams.</summary>
    Jpeg2000,
}

internal static class CompressionFamilies
{
    public static CompressionFamily Of(string transferSyntaxUid)
    {
        const string Root = "1.2.840.10008.1.2.4.";
        var uid = transferSyntaxUid.TrimEnd('\0', ' ');
        if (!uid.StartsWith(Root, StringComparison.Ordinal) || !int.TryParse(uid.AsSpan(Root.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var process))
        {
            return CompressionFamily.None;
        }
        return process switch
        {
            >= 50 and <= 66 or 70 or 80 or 81 => CompressionFamily.Jpeg,
            >= 90 and <= 93 or 201 or 202 or 203 => CompressionFamily.Jpeg2000,
            _ => CompressionFamily.None, // JPIP (94, 95) references pixels elsewhere; MPEG, HEVC, JPEG XL are other syntaxes
        };
    }
}
