using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Regions;

/// <summary>A rectangle of a frame in pixels, from the top-left corner; clipped to the frame when applied.</summary>
public readonly record struct PixelRegion(int X, int Y, int Width, int Height);

/// <summary>What a rule set says about one file: the rectangles to blank and the names of the rules that chose
/// them (for --what-if and the audit; a rule name never carries a value read from the file).</summary>
public sealed record RegionMatch(IReadOnlyList<PixelRegion> Regions, IReadOnlyList<string> RuleNames)
{
    /// <summary>No rule matched: no rectangle is blanked by rule (OCR may still find text).</summary>
    public static RegionMatch None { get; } = new([], []);
}

/// <summary>
/// Chooses the rectangles of burned-in text to blank from a file's header values (device, size, SOP class …), the
/// way CTP's DicomPixelAnonymizer does. The seam between the rules (their language, the built-in library, the CTP
/// importer) and the pixel cleaner that applies them.
/// </summary>
public interface IPixelRegionRules
{
    /// <summary>The rectangles every frame of this file gets; <see cref="RegionMatch.None"/> when no rule applies.</summary>
    RegionMatch Match(DicomDataset dataset);
}

/// <summary>A rule set with no rules.</summary>
public sealed class NoPixelRegionRules : IPixelRegionRules
{
    public static NoPixelRegionRules Instance { get; } = new();

    public RegionMatch Match(DicomDataset dataset) => RegionMatch.None;
}
