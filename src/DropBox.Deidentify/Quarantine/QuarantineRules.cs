using DropBox.Dicom;

namespace DropBox.Deidentify.Quarantine;

/// <summary>
/// Decides from the header alone whether a file must not go out. Fail-closed: when burned-in text is likely and
/// the file does not say "NO", it is held, because a byte scan cannot see text rendered into pixels.
/// </summary>
internal static class QuarantineRules
{
    public const string DicomDirClass = "1.2.840.10008.1.3.10";
    private static readonly DicomTag SopClassUid = new(0x0008, 0x0016);
    private static readonly DicomTag BurnedInAnnotationTag = new(0x0028, 0x0301);
    private static readonly DicomTag DirectoryRecordSequence = new(0x0004, 0x1220);

    // SOP classes that often carry burned-in text: secondary capture family, ultrasound (current and retired),
    // VL photographic/endoscopic/microscopic/slide (77.1.*, incl. video), encapsulated PDF/CDA/STL (104.*),
    // and the scanned-document style classes among them.
    private static readonly string[] RiskyPrefixes =
    [
        "1.2.840.10008.5.1.4.1.1.7",      // Secondary Capture and the multi-frame SC family (7.1–7.4)
        "1.2.840.10008.5.1.4.1.1.77.1",   // VL (endoscopic, microscopic, photographic, video, whole slide…)
        "1.2.840.10008.5.1.4.1.1.104",    // Encapsulated PDF / CDA / STL / OBJ / MTL
    ];

    private static readonly HashSet<string> RiskyExact =
    [
        "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.6.2", "1.2.840.10008.5.1.4.1.1.3.1", // US, Enhanced US Volume, US multi-frame
        "1.2.840.10008.5.1.4.1.1.6", "1.2.840.10008.5.1.4.1.1.3",                                   // retired US, US multi-frame
    ];

    public static string SopClassOf(DicomFile file) =>
        file.Dataset.GetString(SopClassUid) ?? file.Meta.GetString(DicomTag.MediaStorageSopClassUid) ?? string.Empty;

    private static readonly DicomTag PixelDataTag = new(0x7FE0, 0x0010);

    /// <param name="cleanPixelData">Under CleanPixelData a file with pixel data whose pixels may carry text is cleaned
    /// (<see cref="NeedsPixelCleaning"/>) instead of held here; one without pixel data (PDF, CDA) is held as before.</param>
    public static (string Reason, string Message)? Check(DicomFile file, IReadOnlyCollection<string> relaxed, bool cleanStructuredContent, bool cleanPixelData = false)
    {
        var sopClass = SopClassOf(file);
        if (file.Meta.GetString(DicomTag.MediaStorageSopClassUid) == DicomDirClass || sopClass == DicomDirClass
            || file.Dataset.Contains(DirectoryRecordSequence))
        {
            return (QuarantineReasons.DicomDir, "a DICOMDIR only indexes other files and is never forwarded");
        }
        var burnedIn = file.Dataset.GetString(BurnedInAnnotationTag)?.Trim().ToUpperInvariant();
        if (!relaxed.Contains(QuarantineReasons.BurnedInAnnotation) && !(cleanPixelData && file.Dataset.Contains(PixelDataTag)))
        {
            if (burnedIn == "YES")
            {
                return (QuarantineReasons.BurnedInAnnotation, "Burned In Annotation is YES: the pixels carry text a header edit cannot remove");
            }
            if (burnedIn != "NO" && IsRisky(sopClass))
            {
                return (QuarantineReasons.BurnedInAnnotation,
                    $"Burned In Annotation is not NO on SOP class {sopClass}, which often carries text in its pixels");
            }
        }
        if (sopClass.StartsWith("1.2.840.10008.5.1.4.1.1.88.", StringComparison.Ordinal)
            && !cleanStructuredContent && !relaxed.Contains(QuarantineReasons.StructuredReport))
        {
            return (QuarantineReasons.StructuredReport,
                "structured reports hold free text, names and dates in their content tree; enable CleanStructuredContent to clean them");
        }
        return null;
    }

    /// <summary>Whether the pixels may carry text: Burned In Annotation YES, or not NO on a risky SOP class (the files the
    /// burned-in rule holds). The ones the Clean Pixel Data option reads and cleans.</summary>
    public static bool NeedsPixelCleaning(DicomFile file)
    {
        var burnedIn = file.Dataset.GetString(BurnedInAnnotationTag)?.Trim().ToUpperInvariant();
        return burnedIn == "YES" || (burnedIn != "NO" && IsRisky(SopClassOf(file)));
    }

    internal static bool IsRisky(string sopClass) =>
        RiskyExact.Contains(sopClass) || RiskyPrefixes.Any(p => sopClass == p || sopClass.StartsWith(p + ".", StringComparison.Ordinal));
}
