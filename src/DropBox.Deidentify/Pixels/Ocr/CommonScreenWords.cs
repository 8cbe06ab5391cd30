namespace DropBox.Deidentify.Pixels.Ocr;

/// <summary>
/// Words common on imaging screens and in institution and staff names, which alone identify no one. They are
/// skipped as terms from institution, physician and operator names: "GENERAL", "HOSPITAL" or "MD" would otherwise
/// match the labels of many clean frames and quarantine them. They are NOT skipped from the patient's own name:
/// a patient called "Long" or "Gain" is rare, but when that word is burned into this patient's frame it may be the
/// name, and holding a clean file costs a retry while letting a name out cannot be undone.
/// </summary>
internal static class CommonScreenWords
{
    private static readonly string[] Words =
        [
            // English words that join names.
            "THE", "AND", "OF", "FOR", "DE", "LA", "DER", "VON", "VAN", "DEL", "DOS",
            // Titles and degrees in person names.
            "DR", "MD", "PHD", "MR", "MRS", "MS", "MISS", "PROF", "RN", "RDMS", "RT", "JR", "SR", "III",
            // Institution words.
            "HOSPITAL", "HOSPITALS", "MEDICAL", "CENTER", "CENTRE", "CLINIC", "CLINICS", "UNIVERSITY", "GENERAL",
            "SAINT", "ST", "DEPARTMENT", "DEPT", "RADIOLOGY", "IMAGING", "HEALTH", "CARE", "INSTITUTE", "NATIONAL",
            "REGIONAL", "COUNTY", "CITY", "CHILDREN", "CHILDRENS", "WOMEN", "WOMENS", "MEMORIAL", "COMMUNITY",
            "FOUNDATION", "SYSTEM", "SERVICES", "UNIT", "ROOM", "WARD", "NORTH", "SOUTH", "EAST", "WEST",
            // Words an ultrasound or screen-capture screen prints on its own.
            "GAIN", "DEPTH", "FREQ", "MODE", "HEAD", "NECK", "LEFT", "RIGHT", "LONG", "TRANS", "SAG", "AXIAL",
            "PROBE", "POWER", "COLOR", "COLOUR", "FOCUS", "FRAME", "RATE", "IMAGE", "SERIES", "STUDY", "PATIENT",
            "NAME", "DATE", "TIME", "SCAN", "ECHO", "CARDIAC", "ABDOMEN", "PELVIS", "LIVER", "KIDNEY", "THYROID",
        ];

    private static readonly HashSet<string> Folded = new(Words.Select(OcrText.Fold), StringComparer.Ordinal);

    public static bool Contains(string folded) => Folded.Contains(folded);
}
