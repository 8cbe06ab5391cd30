using DropBox.Deidentify.Fields;
using DropBox.Deidentify.Pixels.Cleaning;
using DropBox.Deidentify.Profile;
using DropBox.Deidentify.Quarantine;

namespace DropBox.Deidentify.Engine;

/// <summary>
/// A project's de-identification settings (configuration section "Deidentify" of a project).
/// The defaults are the Basic Profile with no option, and every quarantine rule on.
/// </summary>
public sealed class DeidSettings
{
    /// <summary>Project name: the pseudonym store keeps one numbering per project. Default "default".</summary>
    public string Project { get; set; } = "default";

    /// <summary>PS3.15 options by name (<see cref="DeidOption"/>), e.g. "RetainLongitudinalModifiedDates". Default none.</summary>
    public List<string> Options { get; set; } = [];

    /// <summary>The study's IRB field list; overrides the profile. Default empty.</summary>
    public List<FieldEntry> Fields { get; set; } = [];

    /// <summary>Pseudonym pattern, {0} = the project's sequence number. Default "SUBJ-{0:0000}".</summary>
    public string PseudonymFormat { get; set; } = "SUBJ-{0:0000}";

    /// <summary>Under RetainLongitudinalModifiedDates, offsets are within ±this many days (never 0). Default 365.</summary>
    public int MaxDateShiftDays { get; set; } = 365;

    /// <summary>Private elements kept under RetainSafePrivate, as "CREATOR:(gggg,xxee)". Default none.</summary>
    public List<string> SafePrivate { get; set; } = [];

    /// <summary>Quarantine rules to switch off, by reason code (<see cref="QuarantineReasons.Relaxable"/>). Default none.</summary>
    public List<string> Relax { get; set; } = [];

    /// <summary>Under CleanPixelData: the project's pixel rules file (rectangles by header values). Default none.</summary>
    public string? PixelRules { get; set; }

    /// <summary>Under CleanPixelData: whether the built-in device rules apply too. Default true.</summary>
    public bool BuiltInPixelRules { get; set; } = true;

    /// <summary>Under CleanPixelData, what a cleaned frame may still show: "identifiers" (default: the file is held when
    /// OCR reads one of its own identifying values) or "none" (held when OCR reads any text at all).</summary>
    public string PixelText { get; set; } = PixelTextPolicies.Identifiers;

    /// <summary>Under CleanPixelData: pixels added around each OCR-found word that no rule covers before it is blanked.
    /// Default 4.</summary>
    public int PixelTextMargin { get; set; } = 4;

    /// <summary>Under CleanPixelData: the OCR confidence (0–100) from which a word no rule covers is blanked as text; a
    /// word that is one of the file's identifiers is blanked at any confidence. Default 60: tesseract reads image
    /// texture (ultrasound speckle) as many junk words under 50, and blanking those would black out the anatomy.
    /// 0 blanks everything OCR reads.</summary>
    public int PixelTextMinConfidence { get; set; } = 60;

    /// <summary>The tesseract program: a name looked up on PATH or an absolute path. Default "tesseract".</summary>
    public string OcrPath { get; set; } = "tesseract";

    /// <summary>What decodes compressed pixel data before cleaning: "gdcmconv" (default: every codec incl. JPEG 2000)
    /// or "dcmtk" (dcmdjpeg, dcmdrle, dcmdjpls; no JPEG 2000).</summary>
    public string PixelDecoder { get; set; } = PixelDecoders.Gdcmconv;

    /// <summary>Every problem at once, each prefixed with <paramref name="prefix"/> (e.g. "Projects:liver:Deidentify").</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        var errors = new List<string>();
        foreach (var name in Options)
        {
            if (!DeidOptionCatalog.TryParse(name, out _))
            {
                errors.Add($"{prefix}.Options: '{name}' is not an option; use one of {string.Join(", ", DeidOptionCatalog.Names)}.");
            }
        }
        if (Options.Any(o => DeidOptionCatalog.TryParse(o, out var x) && x == DeidOption.RetainLongitudinalFullDates)
            && Options.Any(o => DeidOptionCatalog.TryParse(o, out var x) && x == DeidOption.RetainLongitudinalModifiedDates))
        {
            errors.Add($"{prefix}.Options: RetainLongitudinalFullDates and RetainLongitudinalModifiedDates exclude each other; choose one.");
        }
        FieldList.Parse(Fields, $"{prefix}.Fields", out var fieldErrors);
        errors.AddRange(fieldErrors);
        if (string.IsNullOrWhiteSpace(Project))
        {
            errors.Add($"{prefix}.Project is empty.");
        }
        errors.AddRange(ValidateFormat($"{prefix}.PseudonymFormat", PseudonymFormat));
        if (MaxDateShiftDays is < 1 or > 36500)
        {
            errors.Add($"{prefix}.MaxDateShiftDays is {MaxDateShiftDays}; use 1 to 36500.");
        }
        for (var i = 0; i < SafePrivate.Count; i++)
        {
            if (AttributeSelector.TryParsePrivate(SafePrivate[i]) is null)
            {
                errors.Add($"{prefix}.SafePrivate[{i}] '{SafePrivate[i]}' is not CREATOR:(gggg,xxee) with an odd group.");
            }
        }
        foreach (var relax in Relax)
        {
            if (!QuarantineReasons.Relaxable.Contains(relax))
            {
                errors.Add($"{prefix}.Relax: '{relax}' cannot be relaxed; use one of {string.Join(", ", QuarantineReasons.Relaxable)}.");
            }
        }
        errors.AddRange(PixelSettingsRules.Validate(this, prefix));
        return errors;
    }

    private static IEnumerable<string> ValidateFormat(string at, string format)
    {
        string sample;
        try
        {
            sample = string.Format(System.Globalization.CultureInfo.InvariantCulture, format, 1);
        }
        catch (FormatException)
        {
            return [$"{at} '{format}' is not a format with {{0}} for the number, e.g. 'LIVER-{{0:0000}}'."];
        }
        if (!format.Contains("{0", StringComparison.Ordinal))
        {
            return [$"{at} '{format}' has no {{0}}: every patient would get the same pseudonym."];
        }
        if (sample.Length > 48 || sample.Any(c => c is '\\' or '^' or '=' || char.IsControl(c) || c > 126))
        {
            return [$"{at} '{format}' must give printable ASCII of at most 48 characters without \\ ^ =."];
        }
        return [];
    }
}
