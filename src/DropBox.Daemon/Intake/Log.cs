using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Intake;

/// <summary>Intake log messages (EventIds 1000-1099). Uploads are named by id only, never by file name.</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Claimed upload {UploadId} from sender {Sender} ({Size} bytes)")]
    public static partial void Claimed(ILogger logger, string uploadId, string sender, long size);

    [LoggerMessage(1001, LogLevel.Warning, "Upload {UploadId} changed while it was being claimed; waiting for it to settle")]
    public static partial void ChangedWhileClaiming(ILogger logger, string uploadId);

    [LoggerMessage(1002, LogLevel.Information, "An inbox file of sender {Sender} (inode {Inode}) is not complete yet ({Reason}); it stays in the inbox for the sender to resume, and goes to quarantine if still incomplete {Deadline} after its last change")]
    public static partial void NotCompleteYet(ILogger logger, string sender, ulong inode, string reason, TimeSpan deadline);

    [LoggerMessage(1003, LogLevel.Warning, "Upload {UploadId} is still incomplete after {Deadline}; it goes to quarantine")]
    public static partial void IncompleteExpired(ILogger logger, string uploadId, TimeSpan deadline);

    [LoggerMessage(1004, LogLevel.Information, "Removed the folder of an abandoned claim {UploadId} (its file never left the inbox)")]
    public static partial void AbandonedClaimRemoved(ILogger logger, string uploadId);
}
