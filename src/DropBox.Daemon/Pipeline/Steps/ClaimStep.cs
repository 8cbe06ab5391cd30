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
/// to quarantine as they are.
/// </summary>
internal sealed class ClaimStep(
    PipelineContext context,
    InboxScanner scanner,
    InboxTriage triage,
    UploadClaimer claimer,
    QuarantineStore quarantine,
    TimeProvider time)
{
    public async Task<PassTally> RunAsync(CancellationToken cancellationToken)
    {
        var claimed = 0;
        var tally = PassTally.None;
        try
        {
            foreach (var sender in context.Options.Senders)
            {
                var (fromInbox, inboxTally) = ClaimFromInbox(sender);
                claimed += fromInbox + ClaimRetries(sender);
                tally += inboxTally;
            }
        }
        finally
        {
            triage.EndPass();
        }
        AdoptUnjournaledClaims();
        if (claimed > 0 && context.Options.Intake.ClaimSettleDelay > TimeSpan.Zero)
        {
            // A writer that still held the file open appends to the claimed inode: let it show itself.
            await Task.Delay(context.Options.Intake.ClaimSettleDelay, time, cancellationToken).ConfigureAwait(false);
        }
        return tally;
    }

    private (int Claimed, PassTally Tally) ClaimFromInbox(string sender)
    {
        var scan = scanner.Scan(context.Options.InboxOf(sender), context.Options.Intake.QuietPeriod);
        foreach (var refused in scan.Refused)
        {
            var item = quarantine.Put(sender, null, refused.Path, new QuarantineReason(refused.ReasonCode,
                $"a {refused.Kind} was found in the inbox; only regular files are accepted (links are never followed)"));
            Log.InboxEntryRefused(context.Logger, sender, refused.ReasonCode, item.Id);
        }
        var claimed = 0;
        var held = 0;
        foreach (var candidate in scan.Complete)
        {
            var decision = triage.Decide(sender, candidate);
            if (decision.Verdict == InboxVerdict.Hold)
            {
                held++;
                continue;
            }
            // An expired file is claimed with its last change, so the inspector sends it to quarantine at once.
            claimed += Claim(sender, candidate, retryOf: null, decision.IncompleteSinceUtc);
        }
        return (claimed, PassTally.WaitingFor(scan.Waiting + held));
    }

    /// <summary>Files an admin sent back from quarantine: claimed at once, as new uploads that remember the item.</summary>
    private int ClaimRetries(string sender)
    {
        var claimed = 0;
        foreach (var request in quarantine.Retries.Pending(sender))
        {
            claimed += Claim(sender, new UploadCandidate(request.Path, request.Status), request.ItemId, incompleteSinceUtc: null);
        }
        return claimed;
    }

    private int Claim(string sender, UploadCandidate candidate, string? retryOf, DateTimeOffset? incompleteSinceUtc)
    {
        if (claimer.Claim(sender, candidate, retryOf, incompleteSinceUtc).Upload is not { } upload)
        {
            return 0;
        }
        CrashPoints.Hit("after-claim");
        context.Journal.Insert(upload.UploadId, context.Project, sender, UploadKind.Other, upload.SizeAtClaim);
        context.Journal.SetState(upload.UploadId, UploadState.Claimed);
        CrashPoints.Hit("after-journal-claimed");
        context.Audit.Write(new AuditEntry("claimed", context.Project, upload.UploadId, sender, Size: upload.SizeAtClaim));
        return 1;
    }

    /// <summary>A crash between the claim's rename and its journal row leaves a claim.json: adopt it. A crash
    /// during the cleanup of a finished upload (the journal says so first) leaves plaintext: finish the cleanup.</summary>
    private void AdoptUnjournaledClaims()
    {
        foreach (var claim in claimer.ListClaimed())
        {
            var row = context.Journal.Get(claim.UploadId);
            if (row is null)
            {
                context.Journal.Insert(claim.UploadId, context.Project, claim.Sender, UploadKind.Other, claim.SizeAtClaim);
                context.Journal.SetState(claim.UploadId, UploadState.Claimed);
            }
            else if (row.State is UploadState.Quarantined or UploadState.Done)
            {
                ClaimFolder.RemovePlaintext(claim.Directory, keepOriginal: row.State == UploadState.Done && context.Options.KeepOriginalsFor > TimeSpan.Zero);
            }
        }
    }
}
