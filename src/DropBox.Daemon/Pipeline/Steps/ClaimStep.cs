using System.Runtime.ExceptionServices;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// The first step of a pass: takes every complete file out of the senders' inboxes (and every file an admin sent
/// back from quarantine) into the work area, with its journal row, and adopts what a crash left half-claimed.
/// A quiet file whose content is visibly incomplete stays in the inbox for its sender to resume
/// (<see cref="InboxTriage"/>) until its deadline. Entries that must never be processed (links, FIFOs, devices) go
/// to quarantine as they are. Every file is claimed (renamed) first, then the rows of all of them are journaled in
/// one transaction and audited in one append: a crash in between leaves claim.json files without rows, which
/// <see cref="AdoptUnjournaledClaims"/> journals on the next pass.
/// </summary>
internal sealed class ClaimStep(
    PipelineContext context,
    InboxScanner scanner,
    InboxTriage triage,
    UploadClaimer claimer,
    QuarantineStore quarantine,
    TimeProvider time,
    int parallelism)
{
    public async Task<PassTally> RunAsync(CancellationToken cancellationToken)
    {
        var claimed = new List<NewClaim>();
        var tally = PassTally.None;
        try
        {
            foreach (var sender in context.Options.Senders)
            {
                tally += ClaimFromInbox(sender, claimed);
                ClaimRetries(sender, claimed);
            }
        }
        finally
        {
            triage.EndPass();
        }
        JournalClaims(claimed);
        AdoptUnjournaledClaims();
        if (claimed.Count > 0 && context.Options.Intake.ClaimSettleDelay > TimeSpan.Zero)
        {
            // A writer that still held the file open appends to the claimed inode: let it show itself.
            await Task.Delay(context.Options.Intake.ClaimSettleDelay, time, cancellationToken).ConfigureAwait(false);
        }
        return tally;
    }

    private PassTally ClaimFromInbox(string sender, List<NewClaim> claimed)
    {
        var scan = scanner.Scan(context.Options.InboxOf(sender), context.Options.Intake.QuietPeriod);
        foreach (var refused in scan.Refused)
        {
            var item = quarantine.Put(sender, null, refused.Path, new QuarantineReason(refused.ReasonCode,
                $"a {refused.Kind} was found in the inbox; only regular files are accepted (links are never followed)"));
            Log.InboxEntryRefused(context.Logger, sender, refused.ReasonCode, item.Id);
            context.Events.Quarantined(sender, null, refused.ReasonCode);
        }
        var held = 0;
        var toClaim = new List<(UploadCandidate Candidate, DateTimeOffset? IncompleteSinceUtc)>();
        foreach (var candidate in scan.Complete)
        {
            var decision = triage.Decide(sender, candidate);
            if (decision.Verdict == InboxVerdict.Hold)
            {
                held++;
                continue;
            }
            // An expired file is claimed with its last change, so the inspector sends it to quarantine at once.
            toClaim.Add((candidate, decision.IncompleteSinceUtc));
        }
        ClaimInParallel(sender, toClaim, claimed);
        return PassTally.WaitingFor(scan.Waiting + held);
    }

    /// <summary>
    /// Each claim is a few small synchronous file operations (claim.json written and fsynced, the rename): run side
    /// by side, their waits on the filesystem overlap (its journal commits concurrent fsyncs together). Claims of
    /// different files share nothing but the uploads folder. What was claimed is kept in inbox order and journaled
    /// even when another claim failed; that failure is then rethrown, as a serial loop would have thrown it.
    /// </summary>
    private void ClaimInParallel(string sender, List<(UploadCandidate Candidate, DateTimeOffset? IncompleteSinceUtc)> toClaim, List<NewClaim> claimed)
    {
        var made = new NewClaim?[toClaim.Count];
        var errors = new Exception?[toClaim.Count];
        Parallel.For(0, toClaim.Count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i =>
        {
            try
            {
                made[i] = TryClaim(sender, toClaim[i].Candidate, retryOf: null, toClaim[i].IncompleteSinceUtc);
            }
            catch (Exception ex)
            {
                errors[i] = ex;
            }
        });
        claimed.AddRange(made.OfType<NewClaim>());
        if (errors.OfType<Exception>().FirstOrDefault() is { } error)
        {
            ExceptionDispatchInfo.Capture(error).Throw();
        }
    }

    /// <summary>Files an admin sent back from quarantine: claimed at once, as new uploads that remember the item.</summary>
    private void ClaimRetries(string sender, List<NewClaim> claimed)
    {
        foreach (var request in quarantine.Retries.Pending(sender))
        {
            if (TryClaim(sender, new UploadCandidate(request.Path, request.Status), request.ItemId, incompleteSinceUtc: null) is { } claim)
            {
                claimed.Add(claim);
            }
        }
    }

    private NewClaim? TryClaim(string sender, UploadCandidate candidate, string? retryOf, DateTimeOffset? incompleteSinceUtc)
    {
        if (claimer.Claim(sender, candidate, retryOf, incompleteSinceUtc).Upload is not { } upload)
        {
            return null;
        }
        CrashPoints.Hit("after-claim");
        return new NewClaim(upload, retryOf is null ? Path.GetFileName(candidate.Path) : null);
    }

    /// <summary>The rows of every upload claimed in this pass: one transaction, one audit append.</summary>
    private void JournalClaims(IReadOnlyList<NewClaim> claimed)
    {
        if (claimed.Count == 0)
        {
            return;
        }
        context.Journal.Batch(() =>
        {
            foreach (var (upload, _) in claimed)
            {
                context.Journal.Insert(upload.UploadId, context.Project, upload.Sender, UploadKind.Other, upload.SizeAtClaim);
                context.Journal.SetState(upload.UploadId, UploadState.Claimed);
            }
        });
        foreach (var _ in claimed)
        {
            CrashPoints.Hit("after-journal-claimed");
        }
        context.Audit.WriteAll([.. claimed.Select(c => new AuditEntry("claimed", context.Project, c.Upload.UploadId, c.Upload.Sender, Size: c.Upload.SizeAtClaim))]);
        foreach (var (upload, uploadedName) in claimed)
        {
            context.Events.Claimed(upload.Sender, upload.UploadId, uploadedName, upload.SizeAtClaim);
        }
    }

    /// <summary>A file renamed into the work area in this pass; <paramref name="UploadedName"/> is the sender's own
    /// name for the receipt (never journaled or logged), null for an admin's retry.</summary>
    private sealed record NewClaim(ClaimedUpload Upload, string? UploadedName);

    /// <summary>A crash between the claim's rename and its journal row leaves a claim.json: adopt it. A crash
    /// during the cleanup of a finished upload (the journal says so first) leaves plaintext: finish the cleanup.</summary>
    private void AdoptUnjournaledClaims()
    {
        var unjournaled = new List<ClaimedUpload>();
        foreach (var claim in claimer.ListClaimed())
        {
            var row = context.Journal.Get(claim.UploadId);
            if (row is null)
            {
                unjournaled.Add(claim);
            }
            else if (row.State is UploadState.Quarantined or UploadState.Done)
            {
                ClaimFolder.RemovePlaintext(claim.Directory, keepOriginal: row.State == UploadState.Done && context.Options.KeepOriginalsFor > TimeSpan.Zero);
            }
        }
        if (unjournaled.Count == 0)
        {
            return;
        }
        context.Journal.Batch(() =>
        {
            foreach (var claim in unjournaled)
            {
                context.Journal.Insert(claim.UploadId, context.Project, claim.Sender, UploadKind.Other, claim.SizeAtClaim);
                context.Journal.SetState(claim.UploadId, UploadState.Claimed);
            }
        });
    }
}
