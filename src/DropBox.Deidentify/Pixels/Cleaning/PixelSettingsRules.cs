using DropBox.Deidentify.Engine;

namespace DropBox.Deidentify.Pixels.Cleaning;

/// <summary>The values <see cref="DeidSettings.PixelText"/> accepts.</summary>
public static class PixelTextPolicies
{
    /// <summary>A cleaned frame may show text, but none of the file's own identifying values.</summary>
    public const string Identifiers = "identifiers";

    /// <summary>A cleaned frame may show no text at all.</summary>
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Identifiers, None];
}

/// <summary>The values <see cref="DeidSettings.PixelDecoder"/> accepts.</summary>
public static class PixelDecoders
{
    /// <summary>GDCM's <c>gdcmconv --raw</c> (Debian libgdcm-tools): JPEG, JPEG-LS, JPEG 2000, RLE.</summary>
    public const string Gdcmconv = "gdcmconv";

    /// <summary>dcmtk's <c>dcmdjpeg</c>, <c>dcmdrle</c>, <c>dcmdjpls</c> (Debian dcmtk): no JPEG 2000.</summary>
    public const string Dcmtk = "dcmtk";

    public static IReadOnlyList<string> All { get; } = [Gdcmconv, Dcmtk];
}

/// <summary>The checks of the pixel cleaning settings; every problem at once, like the rest of <see cref="DeidSettings"/>.</summary>
internal static class PixelSettingsRules
{
    public static IEnumerable<string> Validate(DeidSettings settings, string prefix)
    {
        if (!PixelTextPolicies.All.Contains(settings.PixelText, StringComparer.Ordinal))
        {
            yield return $"{prefix}.PixelText '{settings.PixelText}' is not one of {string.Join(", ", PixelTextPolicies.All)}.";
        }
        if (!PixelDecoders.All.Contains(settings.PixelDecoder, StringComparer.Ordinal))
        {
            yield return $"{prefix}.PixelDecoder '{settings.PixelDecoder}' is not one of {string.Join(", ", PixelDecoders.All)}.";
        }
        if (settings.PixelTextMinConfidence is < 0 or > 100)
        {
            yield return $"{prefix}.PixelTextMinConfidence is {settings.PixelTextMinConfidence}; use 0 to 100 (OCR confidence).";
        }
        if (settings.PixelTextMargin is < 0 or > 64)
        {
            yield return $"{prefix}.PixelTextMargin is {settings.PixelTextMargin}; use 0 to 64 pixels.";
        }
        if (string.IsNullOrWhiteSpace(settings.OcrPath))
        {
            yield return $"{prefix}.OcrPath is empty: give 'tesseract' (found on PATH) or an absolute path.";
        }
        else if (settings.OcrPath.Contains('/', StringComparison.Ordinal) && !Path.IsPathRooted(settings.OcrPath))
        {
            yield return $"{prefix}.OcrPath '{settings.OcrPath}' is a relative path: give a program name found on PATH or an absolute path.";
        }
        if (settings.PixelRules is { } rules && string.IsNullOrWhiteSpace(rules))
        {
            yield return $"{prefix}.PixelRules is empty: give the rules file's path or leave it out.";
        }
    }
}
