using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Sync;

/// <summary>
/// Sync log events (EventIds 1500-1599). Files are named by journal row id, never by file name; a caught exception
/// goes in as <see cref="Diagnostics.ScrubbedException"/> (type and stack trace, message scrubbed).
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1500, Level = LogLevel.Information, Message = "Sync {Project}: {Count} file(s) to send to {Target}")]
    public static partial void SyncStarting(this ILogger logger, string project, int count, string target);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Information, Message = "Sync {Project}: sent {Count} file(s)")]
    public static partial void FilesSent(this ILogger logger, string project, int count);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Warning, Message = "Sync {Project}: re-sending changed file #{FileId} (its content changed after it was sent)")]
    public static partial void ResendingChangedFile(this ILogger logger, string project, long fileId);

    [LoggerMessage(EventId = 1503, Level = LogLevel.Information, Message = "Sync {Project}: {Count} file(s) from an interrupted run were already at the far end; recorded as sent without sending again")]
    public static partial void RecoveredAfterCrash(this ILogger logger, string project, int count);

    [LoggerMessage(EventId = 1504, Level = LogLevel.Warning, Message = "Sync {Project}: attempt {Attempt} of {MaxAttempts} failed, retrying in {Delay}: {Error}")]
    public static partial void Retrying(this ILogger logger, string project, int attempt, int maxAttempts, TimeSpan delay, string error, Exception? exception);

    [LoggerMessage(EventId = 1505, Level = LogLevel.Error, Message = "Sync {Project}: run stopped, {Waiting} file(s) left for the next run: {Error}")]
    public static partial void RunFailed(this ILogger logger, string project, int waiting, string error, Exception? exception);

    [LoggerMessage(EventId = 1506, Level = LogLevel.Error, Message = "Sync {Project}: {Error}")]
    public static partial void HostKeyRejected(this ILogger logger, string project, string error, Exception? exception);

    [LoggerMessage(EventId = 1507, Level = LogLevel.Error, Message = "ALERT sync {Project}: the oldest unsent file has waited {Age} (alert after {AlertAfter}); {Waiting} file(s) waiting; last error: {LastError}")]
    public static partial void OldestUnsentTooOld(this ILogger logger, string project, TimeSpan age, TimeSpan alertAfter, int waiting, string? lastError);

    [LoggerMessage(EventId = 1508, Level = LogLevel.Information, Message = "Sync {Project}: manifest {Manifest} sent for {Count} file(s)")]
    public static partial void ManifestSent(this ILogger logger, string project, string manifest, int count);

    [LoggerMessage(EventId = 1509, Level = LogLevel.Warning, Message = "Sync {Project}: {Count} unsent file(s) disappeared locally before they were sent; forgotten")]
    public static partial void WaitingFilesVanished(this ILogger logger, string project, int count);

    [LoggerMessage(EventId = 1510, Level = LogLevel.Warning, Message = "Sync {Project}: file #{FileId} not sent: {Reason}")]
    public static partial void FileRefused(this ILogger logger, string project, long fileId, string reason);

    [LoggerMessage(EventId = 1511, Level = LogLevel.Error, Message = "Sync {Project}: file #{FileId} in club_house was held, not sent, and moved to quarantine item {ItemId} ({ReasonCode}): {Reason}")]
    public static partial void PlainFileHeld(this ILogger logger, string project, long fileId, string itemId, string reasonCode, string reason);

    [LoggerMessage(EventId = 1512, Level = LogLevel.Error, Message = "Sync {Project}: file #{FileId} (quarantine item {ItemId}) was being transferred before the plain-file guard judged it; it may already be at the far site: check there")]
    public static partial void HeldFileMayHaveLanded(this ILogger logger, string project, long fileId, string itemId);

    [LoggerMessage(EventId = 1513, Level = LogLevel.Warning, Message = "Sync {Project}: file #{FileId} could not be judged by the plain-file guard ({Error}); not sent, judged again next run")]
    public static partial void GuardCouldNotJudge(this ILogger logger, string project, long fileId, string error, Exception? exception);

    [LoggerMessage(EventId = 1514, Level = LogLevel.Information, Message = "Sync to {Target}: file #{FileId} continued from byte {Offset} of {Size} (the far partial's bytes were checked to be its own)")]
    public static partial void UploadResumed(this ILogger logger, string target, long fileId, long offset, long size);
}
