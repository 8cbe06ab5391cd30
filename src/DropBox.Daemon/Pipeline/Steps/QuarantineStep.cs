using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// Ends an upload in quarantine: its original moves into a quarantine item with an actionable reason, the journal
/// records it, the upload's plaintext goes. Safe to repeat: a crash before the journal row leaves an item that the
/// next attempt replaces, or that <see cref="ResolveMissingStep"/> recognises once the original is gone.
/// </summary>
internal sealed class QuarantineStep(PipelineContext context, QuarantineStore quarantine)
{
    /// <summary>Quarantines the whole upload (its original) for <paramref name="reason"/>.</summary>
    public PassTally Whole(UploadRecord upload, ClaimedUpload claim, QuarantineReason reason)
    {
        // The original is still claimed, so any item of this upload is a leftover of an attempt that died before
        // the journal caught up (an empty item from a crash inside Put, or members of a package): replace them.
        quarantine.PurgeItemsOf(upload.Sender, upload.Id);
        var item = quarantine.Put(upload.Sender, upload.Id, claim.OriginalPath, reason);
        CrashPoints.Hit("after-quarantine-before-journal");
        context.Journal.SetState(upload.Id, UploadState.Quarantined, reason.Code);
        ClaimFolder.RemovePlaintext(claim.Directory, keepOriginal: false);
        context.Audit.Write(new AuditEntry("quarantined", context.Project, upload.Id, upload.Sender, Sha256: upload.Sha256, Size: upload.Size,
            Outcome: "quarantined", Reason: reason.Code));
        Log.Quarantined(context.Logger, upload.Id, upload.Sender, $"{reason.Code} (item {item.Id})");
        return PassTally.OneQuarantined;
    }

    /// <summary>An archive whose every member went to quarantine one by one: nothing is left to send.</summary>
    public PassTally EveryMember(UploadRecord upload, ClaimedUpload claim)
    {
        context.Journal.SetState(upload.Id, UploadState.Quarantined, "every file of the archive was quarantined");
        ClaimFolder.RemovePlaintext(claim.Directory, keepOriginal: false);
        return PassTally.OneQuarantined;
    }
}
