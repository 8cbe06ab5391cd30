using DropBox.Daemon.Intake;

namespace DropBox.Daemon.Journal;

/// <summary>One upload as the journal knows it. Never holds the uploaded file name.</summary>
internal sealed record UploadRecord(
    string Id,
    string Project,
    string Sender,
    UploadKind Kind,
    long Size,
    string? Sha256,
    UploadState State,
    string? Reason,
    int Attempts,
    DateTimeOffset Created,
    DateTimeOffset Updated,
    string? OutputName,
    string? OutputSha256,
    int FilesPublished,
    int FilesQuarantined);
