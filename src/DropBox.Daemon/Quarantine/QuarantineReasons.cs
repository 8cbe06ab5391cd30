using Engine = DropBox.Deidentify.Quarantine.QuarantineReasons;

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

    // Sync: a plain file of club_house that must not travel as it is (see Sync/PlainFileGuard).
    public const string PlainDicomInClubHouse = "plain-dicom-in-club-house";

    // De-identification engine: its own codes, named here so one list holds every code a person may see.
    public const string BurnedInAnnotation = Engine.BurnedInAnnotation;
    public const string Dicomdir = Engine.DicomDir;
    public const string StructuredReport = Engine.StructuredReport;
    public const string ParseError = Engine.ParseError;
    public const string PatientIdConflict = Engine.PatientIdConflict;
    public const string VerificationFailed = Engine.VerificationFailed;
    public const string MalformedValue = Engine.MalformedValue;

    /// <summary>All codes above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        IncompleteUpload, Symlink, SpecialFile,
        ZipSlip, ZipLink, ZipBomb, ZipEncrypted, ZipCorrupt, ZipTooDeep, NotDicom,
        PlainDicomInClubHouse,
        BurnedInAnnotation, Dicomdir, StructuredReport, ParseError, PatientIdConflict, VerificationFailed, MalformedValue,
    ];

    /// <summary>True for a code listed in <see cref="All"/>.</summary>
    public static bool IsKnown(string code) => All.Contains(code, StringComparer.Ordinal);
}
