using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Deidentify.Pixels.Cleaning;

/// <summary>
/// What the Clean Pixel Data option needs from outside the library: the region rules, the OCR reader, the builder of a
/// file's identifier spotter, and the decoder of compressed pixels. A missing reader, spotter factory (when PixelText is
/// "identifiers") or decoder (for a compressed file) is never a reason to let a file through: such a file is held.
/// </summary>
public sealed record PixelCleaningServices(
    IPixelRegionRules Rules,
    IFrameTextReader? Reader,
    IIdentifierSpotterFactory? Spotters,
    IPixelDecoder? Decoder)
{
    /// <summary>No rules, no OCR, no decoder: under the option every file it touches is held (fail closed).</summary>
    public static PixelCleaningServices Unavailable { get; } = new(NoPixelRegionRules.Instance, null, null, null);
}
