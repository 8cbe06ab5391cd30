using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Notifications;
using DropBox.Daemon.Platform;
using DropBox.Daemon.Quarantine;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Pipeline;

/// <summary>
/// One pass over one project: claim what is complete in the inboxes, then carry every unfinished upload as
/// far as it can go — de-identified package, one gpg batch for all packages, outbox, cleanup. Each state is
/// journaled before the next step starts, so a pass after a crash resumes every upload where it stood.
/// </summary>
internal sealed class UploadPipeline(
    ProjectRuntime project,
    UploadJournal journal,
    AuditLog audit,
    TimeProvider time,
    ILogger logger,
    IUploadEvents? events = null) // issue 14: receipts, alerts, metrics
{
    private readonly IUploadEvents _events = events ?? NoUploadEvents.Instance;
    private int _published;
    private int _quarantined;
    private int _waiting;
    private bool _failed;

    public async Task<ProcessPassResult> RunAsync(CancellationToken cancellationToken)
    {
        new RetentionSweeper(project, journal, time, logger).Sweep();
        var claimedNow = ClaimFromInboxes();
        AdoptUnjournaledClaims();
        if (claimedNow > 0 && project.Options.Intake.ClaimSettleDelay > TimeSpan.Zero)
        {
            // A writer that still held the file open appends to the claimed inode: let it show itself.
            await Task.Delay(project.Options.Intake.ClaimSettleDelay, time, cancellationToken).ConfigureAwait(false);
        }

        var toEncrypt = new List<(UploadRecord Upload, PackageResult Package)>();
        foreach (var upload in journal.Unfinished(project.Name))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (upload.State is UploadState.Encrypted or UploadState.Published)
            {
                Log.Resuming(logger, upload.Id, upload.State.ToString());
                Finish(upload);
                continue;
            }
            if (Prepare(upload) is { } package)
            {
                toEncrypt.Add((upload, package));
            }
        }
        if (toEncrypt.Count > 0)
        {
            await EncryptAndPublishAsync(toEncrypt, cancellationToken).ConfigureAwait(false);
        }
        return new ProcessPassResult(_published, _quarantined, _waiting, _failed);
    }

    /// <summary>Claims every complete inbox file (and every quarantined file an admin sent back for retry).</summary>
    private int ClaimFromInboxes()
    {
        var claimed = 0;
        foreach (var sender in project.Options.Senders)
        {
            foreach (var (inbox, isRetry) in new[] { (project.Options.InboxOf(sender), false), (QuarantineStore.RetryDirectory(project.WorkDirectory, sender), true) })
            {
                if (!Directory.Exists(inbox))
                {
                    continue;
                }
                var scan = project.Scanner.Scan(inbox, isRetry ? TimeSpan.Zero : project.Options.Intake.QuietPeriod);
                foreach (var refused in scan.Refused)
                {
                    var item = project.Quarantine.Put(sender, null, refused.Path, new QuarantineReason(refused.ReasonCode,
                        $"a {refused.Kind} was found in the inbox; only regular files are accepted (links are never followed)"));
                    Log.InboxEntryRefused(logger, sender, refused.ReasonCode, item.Id);
                    _events.Quarantined(sender, null, refused.ReasonCode); // issue 14
                }
                foreach (var candidate in scan.Complete)
                {
                    var outcome = project.Claimer.Claim(sender, candidate, isRetry ? Path.GetFileName(candidate.Path) : null);
                    if (outcome.Upload is { } upload)
                    {
                        CrashPoints.Hit("after-claim");
                        journal.Insert(upload.UploadId, project.Name, sender, UploadKind.Other, upload.SizeAtClaim);
                        journal.SetState(upload.UploadId, UploadState.Claimed);
                        CrashPoints.Hit("after-journal-claimed");
                        audit.Write(new AuditEntry("claimed", project.Name, upload.UploadId, sender, Size: upload.SizeAtClaim));
                        _events.Claimed(sender, upload.UploadId, isRetry ? null : Path.GetFileName(candidate.Path), upload.SizeAtClaim); // issue 14
                        claimed++;
                    }
                }
                _waiting += scan.Waiting;
            }
        }
        return claimed;
    }

    /// <summary>A crash between the claim's rename and its journal row leaves a claim.json: adopt it. A crash
    /// during the cleanup of a finished upload (the journal says so first) leaves plaintext: finish the cleanup.</summary>
    private void AdoptUnjournaledClaims()
    {
        foreach (var claim in project.Claimer.ListClaimed())
        {
            var row = journal.Get(claim.UploadId);
            if (row is null)
            {
                journal.Insert(claim.UploadId, project.Name, claim.Sender, UploadKind.Other, claim.SizeAtClaim);
                journal.SetState(claim.UploadId, UploadState.Claimed);
            }
            else if (row.State is UploadState.Quarantined or UploadState.Done)
            {
                ClaimFolder.RemovePlaintext(claim.Directory, keepOriginal: row.State == UploadState.Done && project.Options.KeepOriginalsFor > TimeSpan.Zero);
            }
        }
    }

    /// <summary>Inspects a claimed upload and, when it is whole, builds its de-identified package.</summary>
    private PackageResult? Prepare(UploadRecord upload)
    {
        var directory = project.Claimer.DirectoryOf(upload.Id);
        var claim = ClaimedUpload.TryLoad(directory);
        if (claim is null)
        {
            ResolveMissing(upload);
            return null;
        }
        var inspection = project.Inspector.Inspect(claim);
        switch (inspection.Status)
        {
            case InspectionStatus.Waiting:
                journal.SetState(upload.Id, UploadState.Waiting, inspection.Reason);
                _waiting++;
                return null;
            case InspectionStatus.Missing:
                ResolveMissing(upload);
                return null;
            case InspectionStatus.Expired:
                QuarantineWhole(upload, claim, new QuarantineReason(ReasonCatalog.IncompleteUpload, inspection.Reason!));
                return null;
        }
        if (inspection.Kind == UploadKind.Other && !project.Options.Unpack.AllowNonDicom)
        {
            QuarantineWhole(upload, claim, new QuarantineReason(ReasonCatalog.NotDicom,
                "the upload is neither a DICOM file nor a zip archive; put non-sensitive files straight into club_house instead"));
            return null;
        }
        try
        {
            journal.CountAttempt(upload.Id);
            var sha = FileHash.Sha256AndFlush(claim.OriginalPath);
            journal.SetClaimed(upload.Id, sha.Length, sha.Sha256);
            var package = project.Deidentifier.Build(claim, inspection.Kind);
            if (package.PackagePath is null)
            {
                if (package.WholeUploadReason is { } reason)
                {
                    QuarantineWhole(upload, claim, reason);
                }
                else
                {
                    // Every member was quarantined one by one; the archive itself has nothing left to send.
                    journal.SetState(upload.Id, UploadState.Quarantined, "every file of the archive was quarantined");
                    ClaimFolder.RemovePlaintext(claim.Directory, keepOriginal: false);
                    _events.Quarantined(upload.Sender, upload.Id, null); // issue 14
                    _quarantined++;
                }
                return null;
            }
            if (package.FilesQuarantined > 0)
            {
                Log.MembersQuarantined(logger, upload.Id, package.FilesQuarantined, "see 'dropbox quarantine list'");
                _events.MembersQuarantined(upload.Sender, upload.Id, package.FilesQuarantined); // issue 14
                _quarantined++;
            }
            return package;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException)
        {
            Log.StepFailed(logger, upload.Id, "de-identify", upload.Attempts + 1, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            _failed = true;
            return null;
        }
    }

    private async Task EncryptAndPublishAsync(List<(UploadRecord Upload, PackageResult Package)> batch, CancellationToken cancellationToken)
    {
        var keys = await project.KeyInspector.InspectAllAsync(project.Options.ReceiverKeys, cancellationToken).ConfigureAwait(false);
        if (keys.FirstOrDefault(k => !k.IsUsable) is { } bad)
        {
            // Nothing is encrypted to a partial set of receivers: the uploads wait, in the work area, for a fixed key.
            Log.StepFailed(logger, "*", "encrypt", 1, string.Join("; ", bad.Problems));
            _failed = true;
            return;
        }
        var jobs = batch.Select(b => new EncryptJob(b.Package.PackagePath!, Path.Combine(Path.GetDirectoryName(b.Package.PackagePath!)!, OutputName(b.Upload, b.Package)))).ToList();
        IReadOnlyList<EncryptResult> results;
        try
        {
            results = await project.Encryptor.EncryptAsync(jobs, keys, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is EncryptionException or TimeoutException or IOException)
        {
            Log.StepFailed(logger, "*", "encrypt", 1, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            _failed = true;
            return;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var (upload, package) = batch[i];
            if (results[i].Output is not { } output)
            {
                Log.StepFailed(logger, upload.Id, "encrypt", upload.Attempts + 1, results[i].Error ?? "unknown error");
                _failed = true;
                continue;
            }
            CrashPoints.Hit("after-encrypt-before-journal");
            journal.SetEncrypted(upload.Id, Path.GetFileName(output.Path), output.Sha256, string.Join(',', output.RecipientFingerprints),
                package.FilesIncluded, package.FilesQuarantined);
            audit.Write(new AuditEntry("deidentified", project.Name, upload.Id, upload.Sender, Pseudonyms: package.Pseudonyms,
                ActionsApplied: package.ActionsApplied, FilesPublished: package.FilesIncluded, FilesQuarantined: package.FilesQuarantined));
            CrashPoints.Hit("after-journal-encrypted");
            Finish(journal.Get(upload.Id)!);
        }
    }

    /// <summary>Encrypted → in the outbox → plaintext removed. Both steps are safe to repeat after a crash.</summary>
    private void Finish(UploadRecord upload)
    {
        var directory = project.Claimer.DirectoryOf(upload.Id);
        try
        {
            if (upload.State == UploadState.Encrypted)
            {
                var ciphertext = Path.Combine(directory, upload.OutputName!);
                project.Publisher.Publish(ciphertext, project.Options.OutboxOf(upload.Sender), upload.OutputName!, upload.OutputSha256!);
                CrashPoints.Hit("after-publish-rename-before-journal");
                journal.SetState(upload.Id, UploadState.Published);
                CrashPoints.Hit("after-journal-published");
            }
            ClaimFolder.RemovePlaintext(directory, keepOriginal: project.Options.KeepOriginalsFor > TimeSpan.Zero);
            journal.SetState(upload.Id, UploadState.Done);
            var done = journal.Get(upload.Id)!;
            audit.Write(new AuditEntry("published", project.Name, upload.Id, upload.Sender, Sha256: done.Sha256, Size: done.Size,
                Outcome: "published", OutputName: done.OutputName, OutputSha256: done.OutputSha256,
                FilesPublished: done.FilesPublished, FilesQuarantined: done.FilesQuarantined,
                RecipientFingerprints: RecipientsOf(upload.Id)));
            Log.Published(logger, upload.Id, upload.Sender, done.OutputName!, done.FilesPublished, done.FilesQuarantined);
            _events.Published(done); // issue 14
            _published++;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.StepFailed(logger, upload.Id, "publish", upload.Attempts, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            _failed = true;
        }
    }

    private IReadOnlyList<string> RecipientsOf(string id) => journal.RecipientsOf(id);

    private void QuarantineWhole(UploadRecord upload, ClaimedUpload claim, QuarantineReason reason)
    {
        // The original is still claimed, so any item of this upload is a leftover of an attempt that died before
        // the journal caught up (an empty item from a crash inside Put, or members of a package): replace them.
        UploadDeidentifier.PurgeItemsOf(project.Quarantine, upload.Sender, upload.Id);
        var item = project.Quarantine.Put(upload.Sender, upload.Id, claim.OriginalPath, reason);
        CrashPoints.Hit("after-quarantine-before-journal");
        journal.SetState(upload.Id, UploadState.Quarantined, reason.Code);
        ClaimFolder.RemovePlaintext(claim.Directory, keepOriginal: false);
        audit.Write(new AuditEntry("quarantined", project.Name, upload.Id, upload.Sender, Sha256: upload.Sha256, Size: upload.Size,
            Outcome: "quarantined", Reason: reason.Code));
        Log.Quarantined(logger, upload.Id, upload.Sender, $"{reason.Code} (item {item.Id})");
        _events.Quarantined(upload.Sender, upload.Id, reason.Code); // issue 14
        _quarantined++;
    }

    /// <summary>No claimed file: quarantined just before a crash (then the journal catches up), or removed by hand.</summary>
    private void ResolveMissing(UploadRecord upload)
    {
        if (project.Quarantine.List(upload.Sender).FirstOrDefault(i => i.UploadId == upload.Id) is { } item)
        {
            journal.SetState(upload.Id, UploadState.Quarantined, item.Code);
            return;
        }
        Log.ClaimedFileMissing(logger, upload.Id);
        journal.SetState(upload.Id, UploadState.Quarantined, "claimed-file-missing");
        _failed = true;
    }

    private static string OutputName(UploadRecord upload, PackageResult package) => upload.Id + package.Extension + ".gpg";
}
