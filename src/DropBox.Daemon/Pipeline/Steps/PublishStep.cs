using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Outbox;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// Carries a batch of encrypted uploads into the outbox: ciphertext published (temp name, fsync, no-replace
/// rename) → journal "Published" → plaintext removed → journal "Done". Every part is safe to repeat after a crash,
/// so uploads a restart finds Encrypted or Published come through here too.
/// </summary>
internal sealed class PublishStep(PipelineContext context, UploadClaimer claimer, OutboxPublisher publisher)
{
    public PassTally Run(IReadOnlyList<UploadRecord> batch)
    {
        var tally = PassTally.None;
        foreach (var upload in batch)
        {
            tally += Publish(upload);
        }
        return tally;
    }

    private PassTally Publish(UploadRecord upload)
    {
        var directory = claimer.DirectoryOf(upload.Id);
        try
        {
            if (upload.State == UploadState.Encrypted)
            {
                var ciphertext = Path.Combine(directory, upload.OutputName!);
                publisher.Publish(ciphertext, context.Options.OutboxOf(upload.Sender), upload.OutputName!, upload.OutputSha256!);
                CrashPoints.Hit("after-publish-rename-before-journal");
                context.Journal.SetState(upload.Id, UploadState.Published);
                CrashPoints.Hit("after-journal-published");
            }
            ClaimFolder.RemovePlaintext(directory, keepOriginal: context.Options.KeepOriginalsFor > TimeSpan.Zero);
            context.Journal.SetState(upload.Id, UploadState.Done);
            var done = context.Journal.Get(upload.Id)!;
            context.Audit.Write(new AuditEntry("published", context.Project, upload.Id, upload.Sender, Sha256: done.Sha256, Size: done.Size,
                Outcome: "published", OutputName: done.OutputName, OutputSha256: done.OutputSha256,
                FilesPublished: done.FilesPublished, FilesQuarantined: done.FilesQuarantined,
                RecipientFingerprints: context.Journal.RecipientsOf(upload.Id)));
            Log.Published(context.Logger, upload.Id, upload.Sender, done.OutputName!, done.FilesPublished, done.FilesQuarantined);
            return PassTally.OnePublished;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.StepFailed(context.Logger, upload.Id, "publish", upload.Attempts, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            return PassTally.Failure;
        }
    }
}
