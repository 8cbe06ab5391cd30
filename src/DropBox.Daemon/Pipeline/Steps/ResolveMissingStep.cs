using DropBox.Daemon.Journal;
using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// A journaled upload whose claimed file is gone: quarantined just before a crash (the journal then catches up
/// with the item), or removed by hand (marked for an admin to look at).
/// </summary>
internal sealed class ResolveMissingStep(PipelineContext context, QuarantineStore quarantine)
{
    public PassTally Resolve(UploadRecord upload)
    {
        if (quarantine.List(upload.Sender).FirstOrDefault(i => i.UploadId == upload.Id) is { } item)
        {
            context.Journal.SetState(upload.Id, UploadState.Quarantined, item.Code);
            return PassTally.None;
        }
        Log.ClaimedFileMissing(context.Logger, upload.Id);
        context.Journal.SetState(upload.Id, UploadState.Quarantined, "claimed-file-missing");
        return PassTally.Failure;
    }
}
