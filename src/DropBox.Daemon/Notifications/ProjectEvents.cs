using System.Globalization;
using System.Text;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Pipeline;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Receipts;
using DropBox.Daemon.Sync;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Notifications;

/// <summary>
/// <see cref="IUploadEvents"/> for one project and one pass: writes the sender's receipt, counts for the metrics,
/// and collects the pass's quarantines into one digest for the admins. Every call is guarded: a failure here is
/// logged and the pipeline carries on.
/// </summary>
internal sealed class ProjectEvents(
    string project, ProjectOptions settings, QuarantineStore quarantine, UploadJournal journal, ReceiptWriter receipts,
    Notifier notifier, TimeProvider time, ILogger logger) : IUploadEvents
{
    private readonly List<(string Sender, string? UploadId, IReadOnlyList<HeldFile> Held)> _digest = [];

    public void Claimed(string sender, string uploadId, string? uploadedName, long size) => Guard("claimed", () =>
        receipts.Write(new Receipt(project, sender, uploadId, time.GetUtcNow(), uploadedName, size, null)));

    public void Published(UploadRecord upload) => Guard("published", () =>
    {
        var output = Path.Combine(settings.OutboxOf(upload.Sender), upload.OutputName ?? "");
        var m = notifier.Metrics;
        m.Add("dropbox_uploads_total", 1, ("project", project), ("outcome", "published"));
        m.Add("dropbox_files_deidentified_total", upload.FilesPublished, ("project", project));
        m.Add("dropbox_bytes_encrypted_total", File.Exists(output) ? new FileInfo(output).Length : 0, ("project", project));
        receipts.Write(ReceiptOf(upload.Sender, upload.Id, upload) with
        {
            Published = new PublishedOutcome(upload.OutputName ?? "", $"club_house/{settings.Direction}/gpg-{upload.Sender}/", upload.FilesPublished),
            Held = HeldOf(upload.Sender, upload.Id),
            Finished = time.GetUtcNow(),
        });
    });

    public void Quarantined(string sender, string? uploadId, string? reasonCode) => Guard("quarantined", () =>
    {
        IReadOnlyList<HeldFile> held = uploadId is null
            ? [new HeldFile("-", reasonCode ?? "unknown")]
            : HeldOf(sender, uploadId);
        Count(held);
        _digest.Add((sender, uploadId, held));
        if (uploadId is not null)
        {
            notifier.Metrics.Add("dropbox_uploads_total", 1, ("project", project), ("outcome", "quarantined"));
            var receipt = ReceiptOf(sender, uploadId, journal.Get(uploadId));
            // Held before it was hashed (incomplete, not DICOM): the quarantine item knows the original's hash.
            var sha = receipt.Sha256 ?? quarantine.List(sender).FirstOrDefault(i => i.UploadId == uploadId && i.Code == reasonCode)?.Sha256;
            receipts.Write(receipt with { Sha256 = sha, Held = held, Finished = time.GetUtcNow() });
        }
    });

    public void MembersQuarantined(string sender, string uploadId, int count) => Guard("members-quarantined", () =>
    {
        var held = HeldOf(sender, uploadId);
        Count(held);
        _digest.Add((sender, uploadId, held));
    });

    public void PassFinished(ProcessPassResult result, TimeSpan duration) => Guard("pass-finished", () =>
    {
        var m = notifier.Metrics;
        m.Observe("dropbox_pass_duration_seconds", duration, ("project", project));
        if (!result.Failed)
        {
            m.Set("dropbox_last_pass_success_timestamp_seconds", time.GetUtcNow().ToUnixTimeMilliseconds() / 1000.0, ("project", project));
        }
        if (_digest.Count > 0)
        {
            var files = _digest.Sum(d => d.Held.Count);
            notifier.Alerts.Notify($"quarantine/{project}", "warning",
                $"{project}: {files} file(s) held in quarantine", DigestText(files));
            _digest.Clear();
        }
        receipts.Expire(settings.Senders);
        notifier.Alerts.Kick();
    });

    public void SyncFinished(SyncRunResult result, SyncStatus status, TimeSpan duration) => Guard("sync-finished", () =>
    {
        var m = notifier.Metrics;
        var now = time.GetUtcNow();
        m.Observe("dropbox_sync_duration_seconds", duration, ("project", project));
        m.Add("dropbox_bytes_sent_total", result.BytesSent, ("project", project));
        m.Add("dropbox_files_sent_total", result.Sent, ("project", project));
        m.Add("dropbox_sync_failures_total", result.Succeeded ? 0 : 1, ("project", project));
        m.Set("dropbox_sync_files_waiting", status.FilesWaiting, ("project", project));
        m.SetOldestWaiting(project, status.OldestWaitingAge is { } age ? now - age : null);
        if (status.LastSuccessfulSync is { } last)
        {
            m.Set("dropbox_last_sync_success_timestamp_seconds", last.ToUnixTimeMilliseconds() / 1000.0, ("project", project));
        }
        var target = settings.Sync.Target?.Describe() ?? "(no far site configured)";
        var due = StaleSyncAlert.IsDue(status, settings.Sync.AlertAfter);
        notifier.Alerts.Set($"sync-down/{project}", due, "error",
            $"{project}: sync to the far site failing for {Hours(status.OldestWaitingAge)}",
            $"Project {project}: {status.FilesWaiting} file(s) have waited to be sent to {target} for up to {Hours(status.OldestWaitingAge)}, "
            + $"longer than Sync.AlertAfter ({settings.Sync.AlertAfter}).\nLast error: {status.LastError ?? "(none recorded)"}\n"
            + $"Last successful sync: {(status.LastSuccessfulSync is { } s ? s.ToString("u", CultureInfo.InvariantCulture) : "never")}\n"
            + $"Check the far site, the network and 'dropbox status --project {project}'; 'dropbox sync --project {project}' tries at once.",
            $"{project}: sync to the far site works again",
            $"Project {project}: files reach {target} again ({result.Sent} sent in the run at {now:u}; {status.FilesWaiting} still waiting).");
        notifier.Alerts.Kick();
    });

    private Receipt ReceiptOf(string sender, string uploadId, UploadRecord? upload)
    {
        var (name, received) = receipts.ReadBack(sender, uploadId);
        return new Receipt(project, sender, uploadId, received ?? upload?.Created ?? time.GetUtcNow(), name, upload?.Size ?? 0, upload?.Sha256);
    }

    private IReadOnlyList<HeldFile> HeldOf(string sender, string uploadId) =>
        [.. quarantine.List(sender).Where(i => i.UploadId == uploadId).Select(i => new HeldFile(i.Id, i.Code))];

    private void Count(IReadOnlyList<HeldFile> held)
    {
        foreach (var file in held)
        {
            notifier.Metrics.Add("dropbox_quarantined_total", 1, ("project", project), ("reason", file.Code));
        }
    }

    private string DigestText(int files)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Project {project}: the pass at {time.GetUtcNow():u} held {files} file(s) in quarantine; nothing of them was sent.\n\n");
        foreach (var group in _digest.SelectMany(d => d.Held).GroupBy(h => h.Code, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"  {group.Key}: {group.Count()} file(s) ({ReasonCatalog.SenderAdvice(group.Key)})\n");
        }
        text.Append("\nBy upload:\n");
        foreach (var (sender, uploadId, held) in _digest)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {sender} {uploadId ?? "(inbox entry)"}: {string.Join(", ", held.Select(h => $"{h.Code} [{h.ItemId}]"))}\n");
        }
        text.Append(CultureInfo.InvariantCulture, $"\nThe senders have a receipt in <Root>/<SENDER>/receipts/. Details: 'dropbox quarantine list --project {project}', 'dropbox quarantine show ID'.\n");
        return text.ToString();
    }

    private static string Hours(TimeSpan? age) => age is { } a
        ? a.TotalHours >= 1 ? $"{a.TotalHours:0.#} h" : $"{a.TotalMinutes:0} min"
        : "-";

    private void Guard(string what, Action action)
    {
        try
        {
            action();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Telling people is a side concern: it never stops an upload.
            Log.EventNotHandled(logger, project, what, PhiSafe.Describe(ex), ScrubbedException.From(ex));
        }
    }
}
