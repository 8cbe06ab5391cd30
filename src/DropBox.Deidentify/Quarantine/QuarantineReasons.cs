namespace DropBox.Deidentify.Quarantine;

/// <summary>Reason codes of a quarantine decision (stable strings: they go into reason.json and summaries).</summary>
public static class QuarantineReasons
{
    public const string BurnedInAnnotation = "burned-in-annotation";
    public const string DicomDir = "dicomdir";
    public const string StructuredReport = "structured-report";
    public const string ParseError = "parse-error";
    public const string PatientIdConflict = "patient-id-conflict";
    public const string VerificationFailed = "verification-failed";
    public const string MalformedValue = "malformed-value";

    /// <summary>Under CleanPixelData: a cleaned frame still shows an identifier (or any text, with PixelText none).</summary>
    public const string BurnedInTextFound = "burned-in-text-found";

    /// <summary>
    /// Rules a project may switch off. DICOMDIR (never forwarded: it only indexes files), parse errors (nothing to
    /// write), malformed kept values (a broken file) and verification failures (a leak) cannot be.
    /// </summary>
    public static IReadOnlyList<string> Relaxable { get; } = [BurnedInAnnotation, StructuredReport, PatientIdConflict];
}
