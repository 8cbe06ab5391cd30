namespace DropBox.Daemon.Intake;

/// <summary>What a claimed file turned out to be.</summary>
internal enum UploadKind
{
    /// <summary>Not recognised (the pipeline quarantines it as not-dicom unless the project allows other files).</summary>
    Other,

    /// <summary>A zip archive.</summary>
    Zip,

    /// <summary>A loose DICOM file (Part 10 or bare dataset).</summary>
    Dicom,
}

/// <summary>Whether a claimed file's content is whole. <see cref="Reason"/> is PHI-free.</summary>
internal sealed record CompletenessVerdict(bool IsComplete, UploadKind Kind, string? Reason)
{
    public static CompletenessVerdict Complete(UploadKind kind) => new(true, kind, null);

    public static CompletenessVerdict Incomplete(UploadKind kind, string reason) => new(false, kind, reason);
}
