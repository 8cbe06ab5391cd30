using DropBox.Daemon.Platform;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pixels.Regions;
using DropBox.Deidentify.Profile;

namespace DropBox.Daemon.Deidentification;

/// <summary>
/// What the engine gets for the Clean Pixel Data option in the daemon and in <c>dropbox deid</c>, and what
/// <c>dropbox check</c> says is missing for it. Until the rule set and the tesseract reader are wired in, a file the
/// option touches is held ("OCR is not available"): the option never lets a file through unread.
/// </summary>
internal static class PixelCleaningWiring
{
    public static PixelCleaningServices For(DeidSettings settings, TimeProvider time) => new(
        NoPixelRegionRules.Instance, // the rules engine (PixelRules, BuiltInPixelRules) plugs in here
        null,                        // the tesseract reader (OcrPath) plugs in here
        null,                        // the identifier spotter factory plugs in here
        new ProgramPixelDecoder(settings.PixelDecoder, time));

    /// <summary>Under CleanPixelData: the OCR program and the decoder's programs that cannot be found.</summary>
    public static IEnumerable<string> CheckPrograms(DeidSettings settings)
    {
        if (!settings.Options.Any(o => DeidOptionCatalog.TryParse(o, out var option) && option == DeidOption.CleanPixelData))
        {
            yield break;
        }
        if (!string.IsNullOrWhiteSpace(settings.OcrPath) && ProgramPath.Find(settings.OcrPath) is null)
        {
            yield return $"Deidentify.OcrPath: CleanPixelData is on but '{settings.OcrPath}' is not found: install tesseract (apt-get install tesseract-ocr) or set OcrPath; until then every file with burned-in text is quarantined";
        }
        foreach (var program in ProgramPixelDecoder.ProgramsOf(settings.PixelDecoder))
        {
            if (ProgramPath.Find(program) is null)
            {
                yield return $"Deidentify.PixelDecoder: CleanPixelData is on but {program} is not found: install {(settings.PixelDecoder == PixelDecoders.Dcmtk ? "dcmtk" : "libgdcm-tools")}; until then every compressed file with burned-in text is quarantined";
            }
        }
    }
}
