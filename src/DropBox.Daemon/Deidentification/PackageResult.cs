using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Deidentification;

/// <summary>
/// The de-identified plaintext made from one upload, ready to encrypt: one .dcm for a loose file, one .zip
/// for an archive. <see cref="PackagePath"/> is null when nothing of the upload may leave (all quarantined).
/// </summary>
internal sealed record PackageResult(
    string? PackagePath,
    string Extension,
    int FilesIncluded,
    int FilesQuarantined,
    IReadOnlyList<string> Pseudonyms,
    int ActionsApplied,
    QuarantineReason? WholeUploadReason);
