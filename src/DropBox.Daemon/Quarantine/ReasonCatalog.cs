using Engine = DropBox.Deidentify.Quarantine.QuarantineReasons;

namespace DropBox.Daemon.Quarantine;

/// <summary>Every reason code a quarantined item can carry (written to <c>reason.json</c>; stable, PHI-free).</summary>
/// <remarks>
/// Why two classes and not one: the de-identification library's <c>DropBox.Deidentify.Quarantine.QuarantineReasons</c>
/// owns the engine's codes (it is public, used without the daemon by <c>dropbox deid</c>, and knows which of its rules
/// may be relaxed); it cannot know about zips, inboxes or club_house. This catalogue owns the daemon's own codes and
/// names the engine's by reference (never a second literal), so one list holds every code a person may see and
/// <see cref="IsKnown"/> can check a reason.json. It was also called QuarantineReasons, which made a daemon file that
/// imported both namespaces ambiguous; the name now says what it is.
/// </remarks>
internal static partial class ReasonCatalog
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
    public const string BurnedInTextFound = Engine.BurnedInTextFound;

    /// <summary>All codes above.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        IncompleteUpload, Symlink, SpecialFile,
        ZipSlip, ZipLink, ZipBomb, ZipEncrypted, ZipCorrupt, ZipTooDeep, NotDicom,
        PlainDicomInClubHouse,
        BurnedInAnnotation, Dicomdir, StructuredReport, ParseError, PatientIdConflict, VerificationFailed, MalformedValue,
        BurnedInTextFound,
    ];

    /// <summary>True for a code listed in <see cref="All"/>.</summary>
    public static bool IsKnown(string code) => All.Contains(code, StringComparer.Ordinal);
}
