namespace DropBox.Daemon.Receipts;

/// <summary>What one receipt says. Holds only the sender's own facts about the upload and the daemon's outcome:
/// never a value read from inside a DICOM file.</summary>
internal sealed record Receipt(
    string Project,
    string Sender,
    string UploadId,
    DateTimeOffset Received,
    string? UploadedName,
    long Size,
    string? Sha256)
{
    /// <summary>Set once the upload is published.</summary>
    public PublishedOutcome? Published { get; init; }

    /// <summary>Reason codes of what was held (one per held file); empty when nothing was.</summary>
    public IReadOnlyList<HeldFile> Held { get; init; } = [];

    /// <summary>Set when the outcome is final (published or held).</summary>
    public DateTimeOffset? Finished { get; init; }
}

/// <summary>The encrypted package an upload became.</summary>
internal sealed record PublishedOutcome(string OutputName, string OutboxFolder, int FilesDeidentified);

/// <summary>One held file (the whole upload or one member): its quarantine item id (for the admin) and reason code.</summary>
internal sealed record HeldFile(string ItemId, string Code);
