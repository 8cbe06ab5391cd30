using DropBox.Daemon.Journal;

namespace DropBox.Daemon.Pipeline;

/// <summary>
/// The one seam through which the pipeline tells the people around it what happened (sender receipts, admin
/// alerts, metrics). Implemented in Notifications, which depends on the pipeline, never the other way round.
/// One instance per project and per pass. Every call carries ids, counts and reason codes only; an
/// implementation never throws back into the pipeline (telling is a side concern).
/// </summary>
internal interface IUploadEvents
{
    /// <summary>An inbox file was claimed as <paramref name="uploadId"/>. <paramref name="uploadedName"/> is the
    /// sender's own file name (shown to that sender only, in their receipt); null for an admin's retry.</summary>
    void Claimed(string sender, string uploadId, string? uploadedName, long size);

    /// <summary>The upload's ciphertext is in the outbox and the journal says Done.</summary>
    void Published(UploadRecord upload);

    /// <summary>The whole upload is held (<paramref name="reasonCode"/>), or every member of it was held one by one
    /// (null: the codes are the quarantine items of the upload). <paramref name="uploadId"/> is null for an inbox
    /// entry refused before any claim (a link, a FIFO).</summary>
    void Quarantined(string sender, string? uploadId, string? reasonCode);

    /// <summary>Some members of an upload were held; the rest goes on to be published.</summary>
    void MembersQuarantined(string sender, string uploadId, int count);

    /// <summary>The pass over the project ended (the quarantine digest of the pass goes out here).</summary>
    void PassFinished(ProcessPassResult result, TimeSpan duration);
}

/// <summary>Tells no one: for callers (tests, offline tools) that have nobody to tell.</summary>
internal sealed class NoUploadEvents : IUploadEvents
{
    public static NoUploadEvents Instance { get; } = new();

    public void Claimed(string sender, string uploadId, string? uploadedName, long size)
    {
    }

    public void Published(UploadRecord upload)
    {
    }

    public void Quarantined(string sender, string? uploadId, string? reasonCode)
    {
    }

    public void MembersQuarantined(string sender, string uploadId, int count)
    {
    }

    public void PassFinished(ProcessPassResult result, TimeSpan duration)
    {
    }
}
