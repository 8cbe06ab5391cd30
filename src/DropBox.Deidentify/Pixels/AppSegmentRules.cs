namespace DropBox.Deidentify.Pixels;

/// <summary>
/// Which JPEG application segments a decoder needs, and how much of each is kept; the rest of every APPn payload is
/// zeroed (Exif and XMP in APP1 hold names, dates and serial numbers; unknown APPn can hold anything).
/// <list type="bullet">
/// <item>APP0 "JFIF": the 14 bytes up to the thumbnail size are kept; the thumbnail pixels (a picture, which can show
/// text) are zeroed, with Xthumb/Ythumb left as they are so the segment stays consistent: a black thumbnail.
/// Other APP0 (JFXX thumbnails, LJIF) are zeroed whole.</item>
/// <item>APP2 "ICC_PROFILE": the colour profile, kept.</item>
/// <item>APP8 "mrfx": the JPEG-LS (HP) colour transform, kept.</item>
/// <item>APP14 "Adobe": the colour transform flag, kept.</item>
/// </list>
/// A zeroed payload no longer starts with an identifier, so decoders skip it as an unknown application segment.
/// </summary>
internal static class AppSegmentRules
{
    private const int JfifFixedLength = 14; // "JFIF\0", version, units, Xdensity, Ydensity, Xthumb, Ythumb

    /// <summary>How many bytes at the start of an APPn payload stay; the rest is zeroed.</summary>
    public static long KeptPrefix(FrameBytes frame, int app, long payload, long length) => app switch
    {
        0 when length >= JfifFixedLength && Names(frame, payload, length, "JFIF\0"u8) => JfifFixedLength,
        2 when Names(frame, payload, length, "ICC_PROFILE\0"u8) => length,
        8 when Names(frame, payload, length, "mrfx"u8) => length,
        14 when Names(frame, payload, length, "Adobe"u8) => length,
        _ => 0,
    };

    private static bool Names(FrameBytes frame, long payload, long length, ReadOnlySpan<byte> identifier) =>
        length >= identifier.Length && frame.StartsWith(payload, identifier);
}
