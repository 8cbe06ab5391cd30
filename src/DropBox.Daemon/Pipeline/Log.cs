using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Pipeline;

/// <summary>Pipeline log lines (EventIds 1200-1299). Uploads are named by id only; never a file name or a value.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1200, Level = LogLevel.Information, Message = "Upload {UploadId} from {Sender} published as {OutputName}: {Files} file(s) de-identified, {Quarantined} quarantined")]
    public static partial void Published(ILogger logger, string uploadId, string sender, string outputName, int files, int quarantined);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Warning, Message = "Upload {UploadId} from {Sender} quarantined: {Reason}")]
    public static partial void Quarantined(ILogger logger, string uploadId, string sender, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Error, Message = "Upload {UploadId} failed at {Step} (attempt {Attempt}); it stays in the work area and is retried next pass: {Error}")]
    public static partial void StepFailed(ILogger logger, string uploadId, string step, int attempt, string error, Exception? exception = null);

    [LoggerMessage(EventId = 1203, Level = LogLevel.Information, Message = "Resuming upload {UploadId} from state {State}")]
    public static partial void Resuming(ILogger logger, string uploadId, string state);

    [LoggerMessage(EventId = 1204, Level = LogLevel.Warning, Message = "Inbox entry of {Sender} refused ({Reason}) and moved to quarantine item {ItemId}")]
    public static partial void InboxEntryRefused(ILogger logger, string sender, string reason, string itemId);

    [LoggerMessage(EventId = 1205, Level = LogLevel.Error, Message = "Project {Project}: pass failed: {Error}")]
    public static partial void PassFailed(ILogger logger, string project, string error, Exception? exception = null);

    [LoggerMessage(EventId = 1206, Level = LogLevel.Warning, Message = "Upload {UploadId}: {Count} member(s) quarantined ({Reasons})")]
    public static partial void MembersQuarantined(ILogger logger, string uploadId, int count, string reasons);

    [LoggerMessage(EventId = 1207, Level = LogLevel.Error, Message = "Upload {UploadId}: its claimed file is missing from the work area and from quarantine; marked failed for an admin to look at")]
    public static partial void ClaimedFileMissing(ILogger logger, string uploadId);

    [LoggerMessage(EventId = 1208, Level = LogLevel.Information, Message = "Upload {UploadId} is not complete yet ({Reason}); it waits in the work area")]
    public static partial void UploadWaiting(ILogger logger, string uploadId, string reason);

    [LoggerMessage(EventId = 1209, Level = LogLevel.Debug, Message = "Step {Step}: {Count} upload(s) in {Milliseconds} ms")]
    public static partial void StepTimed(ILogger logger, string step, int count, long milliseconds);
}
