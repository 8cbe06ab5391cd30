using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Deidentification;

/// <summary>
/// The de-identified plaintext made from one upload, ready to encrypt: one .dcm for a loose file, one .zip
/// for an archive. <see cref="PackagePath"/> is null when nothing of the upload may leave (all quarantined), and
/// when the package was not kept but written straight into the stream it was asked for (<see cref="Streamed"/>).
/// </summary>
internal sealed record PackageResult(
    string? PackagePath,
    string Extension,
    int FilesIncluded,
    int FilesQuarantined,
    IReadOnlyList<string> Pseudonyms,
    int ActionsApplied,
    QuarantineReason? WholeUploadReason)
{
    /// <summary>The package was written whole into the stream the caller gave (e.g. gpg's input); nothing is on disk.</summary>
    public bool Streamed { get; init; }

    /// <summary>Something of the upload is to be sent: a package on disk or a streamed one.</summary>
    public bool HasOutput => PackagePath is not null || Streamed;
}
