using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Outbox;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// Carries a batch of encrypted uploads into the outbox, the whole batch through each state before the next:
/// every ciphertext moved in by a no-replace rename (a copy where a rename would not give the receiver the same
/// file) → ONE fsync of each outbox folder → journal "Published" for the batch in one transaction → plaintext
/// removed → journal "Done" in one transaction → one audit append. Every part is safe to repeat after a crash, so
/// uploads a restart finds Encrypted or Published come through here too (a ciphertext already under its final name
/// with the journaled hash counts as published).
/// </summary>
internal sealed class PublishStep(PipelineContext context, UploadClaimer claimer, OutboxPublisher publisher, int parallelism)
{
    /// <param name="batch">Uploads journaled Encrypted (or Published, when a crash came before their cleanup).</param>
    /// <param name="hashedThisPass">True for ciphertexts the encryptor hashed in this pass; false for those a restart
    /// found in the work area, whose SHA-256 is checked again before they are moved.</param>
    public PassTally Run(IReadOnlyList<UploadRecord> batch, bool hashedThisPass)
    {
        var tally = PassTally.None;
        var moved = new List<UploadRecord>();
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var upload in batch.Where(u => u.State == UploadState.Encrypted))
        {
            var outbox = context.Options.OutboxOf(upload.Sender);
            if (Try(upload, () => publisher.PublishByRename(Path.Combine(claimer.DirectoryOf(upload.Id), upload.OutputName!), outbox,
                    upload.OutputName!, upload.OutputSha256!, hashedThisPass, flushDirectory: false), ref tally))
            {
                // Even a file found already there: the rename that put it there may not have reached the disk yet.
                folders.Add(outbox);
                moved.Add(upload);
            }
        }
        moved = FlushFolders(moved, folders, ref tally);
        foreach (var _ in moved)
        {
            CrashPoints.Hit("after-publish-rename-before-journal");
        }
        JournalAll(moved, UploadState.Published);
        foreach (var _ in moved)
        {
            CrashPoints.Hit("after-journal-published");
        }
        var cleaned = RemovePlaintext([.. moved.Concat(batch.Where(u => u.State == UploadState.Published))], ref tally);
        JournalAll(cleaned, UploadState.Done);
        return tally + Announce(cleaned);
    }

    /// <summary>
    /// Removes the plaintext of every published upload, several at a time: each removal is a few deletes that wait on
    /// the filesystem's journal (freeing the blocks of files just written) far more than they use a core, so side by
    /// side they overlap (measured on the 2-core VM, `dropbox once` over 500 loose uploads: ~3.9 s one by one,
    /// ~0.9 s four at a time). Returns the uploads cleaned, in batch order.
    /// </summary>
    private List<UploadRecord> RemovePlaintext(IReadOnlyList<UploadRecord> uploads, ref PassTally tally)
    {
        var errors = new Exception?[uploads.Count];
        var keepOriginal = context.Options.KeepOriginalsFor > TimeSpan.Zero;
        Parallel.For(0, uploads.Count, new ParallelOptions { MaxDegreeOfParallelism = 2 * Math.Max(1, parallelism) }, i =>
        {
            try
            {
                ClaimFolder.RemovePlaintext(claimer.DirectoryOf(uploads[i].Id), keepOriginal);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors[i] = ex;
            }
        });
        var cleaned = new List<UploadRecord>(uploads.Count);
        for (var i = 0; i < uploads.Count; i++)
        {
            if (errors[i] is { } error)
            {
                Log.StepFailed(context.Logger, uploads[i].Id, "publish", uploads[i].Attempts, PhiSafe.Describe(error), ScrubbedException.From(error));
                tally += PassTally.Failure;
            }
            else
            {
                cleaned.Add(uploads[i]);
            }
        }
        return cleaned;
    }

    /// <summary>One fsync per outbox folder makes every rename into it durable before any of them is journaled.
    /// Returns the uploads whose folder was flushed.</summary>
    private List<UploadRecord> FlushFolders(List<UploadRecord> moved, HashSet<string> folders, ref PassTally tally)
    {
        var failed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            try
            {
                PosixFiles.FsyncDirectory(folder);
            }
            catch (IOException ex)
            {
                Log.StepFailed(context.Logger, "*", "publish", 1, PhiSafe.Describe(ex), ScrubbedException.From(ex));
                tally += PassTally.Failure;
                failed.Add(folder);
            }
        }
        return failed.Count == 0 ? moved : [.. moved.Where(u => !failed.Contains(context.Options.OutboxOf(u.Sender)))];
    }

    private void JournalAll(IReadOnlyList<UploadRecord> uploads, UploadState state)
    {
        if (uploads.Count > 0)
        {
            context.Journal.Batch(() =>
            {
                foreach (var upload in uploads)
                {
                    context.Journal.SetState(upload.Id, state);
                }
            });
        }
    }

    /// <summary>The audit lines of the batch in one append, then the log and the events (receipts, metrics).</summary>
    private PassTally Announce(IReadOnlyList<UploadRecord> cleaned)
    {
        var done = cleaned.Select(u => context.Journal.Get(u.Id)!).ToList();
        context.Audit.WriteAll([.. done.Select(d => new AuditEntry("published", context.Project, d.Id, d.Sender, Sha256: d.Sha256, Size: d.Size,
            Outcome: "published", OutputName: d.OutputName, OutputSha256: d.OutputSha256,
            FilesPublished: d.FilesPublished, FilesQuarantined: d.FilesQuarantined,
            RecipientFingerprints: context.Journal.RecipientsOf(d.Id)))]);
        foreach (var d in done)
        {
            Log.Published(context.Logger, d.Id, d.Sender, d.OutputName!, d.FilesPublished, d.FilesQuarantined);
            context.Events.Published(d);
        }
        return new PassTally(done.Count, 0, 0, false);
    }

    /// <summary>One upload's part of the batch; an I/O failure fails that upload for this pass (retried next pass).</summary>
    private bool Try(UploadRecord upload, Action action, ref PassTally tally)
    {
        try
        {
            action();
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.StepFailed(context.Logger, upload.Id, "publish", upload.Attempts, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            tally += PassTally.Failure;
            return false;
        }
    }
}
