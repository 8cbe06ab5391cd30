using DropBox.Daemon.Ocr;
using DropBox.Daemon.Platform;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Pixels.Ocr;
using DropBox.Deidentify.Pixels.Rules;
using DropBox.Deidentify.Profile;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Deidentification;

/// <summary>
/// What the engine gets for the Clean Pixel Data option in the daemon and in <c>dropbox deid</c> (the built-in and the
/// project's pixel rules, tesseract, the identifier spotter, the decoder), and what <c>dropbox check</c> says is missing
/// for it. A rules file that cannot be read leaves the option without OCR: every file it touches is then held, never
/// let through unread.
/// </summary>
internal static class PixelCleaningWiring
{
    public static PixelCleaningServices For(DeidSettings settings, TimeProvider time, ILoggerFactory? loggers = null)
    {
        if (!IsOn(settings))
        {
            return PixelCleaningServices.Unavailable; // nothing reads pixels: no rules file to load
        }
        var decoder = new ProgramPixelDecoder(settings.PixelDecoder, time);
        PixelRuleSet rules;
        try
        {
            rules = PixelRuleSet.Combine(
                settings.BuiltInPixelRules ? PixelRuleSet.BuiltIn : PixelRuleSet.Empty,
                settings.PixelRules is { Length: > 0 } path ? PixelRuleSet.LoadFile(path) : PixelRuleSet.Empty);
        }
        catch (Exception e) when (e is PixelRuleFileException or IOException or UnauthorizedAccessException)
        {
            return new PixelCleaningServices(PixelRuleSet.Empty, null, null, decoder); // dropbox check names the error
        }
        var reader = new TesseractFrameTextReader(settings.OcrPath, new TesseractSettings(), time,
            (loggers ?? NullLoggerFactory.Instance).CreateLogger<TesseractFrameTextReader>());
        return new PixelCleaningServices(rules, reader, IdentifierSpotterFactory.Instance, decoder);
    }

    /// <summary>Under CleanPixelData: the project's rules file's errors, and the OCR program and the decoder's programs
    /// that cannot be found.</summary>
    public static IEnumerable<string> CheckPrograms(DeidSettings settings)
    {
        if (!IsOn(settings))
        {
            yield break;
        }
        if (settings.PixelRules is { Length: > 0 } rulesFile)
        {
            foreach (var error in PixelRuleSet.CheckFile(rulesFile))
            {
                yield return $"Deidentify.PixelRules: {error}";
            }
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

    /// <summary>Whether the project asks for Clean Pixel Data (and so needs tesseract and a decoder).</summary>
    public static bool IsOn(DeidSettings settings) =>
        settings.Options.Any(o => DeidOptionCatalog.TryParse(o, out var option) && option == DeidOption.CleanPixelData);
}
