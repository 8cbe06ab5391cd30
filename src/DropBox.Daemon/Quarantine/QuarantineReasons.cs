namespace DropBox.Daemon.Quarantine;

/// <summary>Every reason code a quarantined item can carry (written to <c>reason.json</c>; stable, PHI-free).</summary>
internal static class QuarantineReasons
{
    // Intake
    public const string IncompleteUpload = "incomplete-upload";
    public const string Symlink = "symlink";
    public const string SpecialFile = "special-file";

    // Unpack
    public const string ZipSlip = "zip-slip";
    public const string ZipLink = "zip-link";
    public const string ZipBomb = "zip-bomb";
    public const string ZipEncrypted = "zip-encrypted";
    public const string ZipCorrupt = "zip-corrupt";
    public const string ZipTooDeep = "zip-too-deep";
    public const string NotDicom = "not-dicom";

    // De-identification engine
    public const string BurnedInAnnotation = "burned-in-annotation";
    public const string Dicomdir = "dicomdir";
    public const string StructuredReport = "structured-report";
    public const string ParseError = "parse-error";
    public const string PatientIdConflict = "patient-id-conflict";
    public const string VerificationFailed = "verification-failed";

    /// <summary>All codes above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        IncompleteUpload, Symlink, SpecialFile,
        ZipSlip, ZipLink, ZipBomb, ZipEncrypted, ZipCorrupt, ZipTooDeep, NotDicom,
        BurnedInAnnotation, Dicomdir, StructuredReport, ParseError, PatientIdConflict, VerificationFailed,
    ];

    /// <summary>True for a code listed in <see cref="All"/>.</summary>
    public static bool IsKnown(string code) => All.Contains(code, StringComparer.Ordinal);
}
