using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Outbox;

/// <summary>Outbox log events (EventIds 1400-1499). Output names are deterministic and carry no PHI.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1400, Level = LogLevel.Information, Message = "Published {FileName} ({Length} bytes, SHA-256 {Sha256}) into {OutboxDirectory}")]
    public static partial void Published(ILogger logger, string fileName, long length, string sha256, string outboxDirectory);

    [LoggerMessage(EventId = 1401, Level = LogLevel.Information, Message = "{FileName} was already in {OutboxDirectory} with the same content: nothing to do")]
    public static partial void AlreadyPublished(ILogger logger, string fileName, string outboxDirectory);

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning, Message = "Removed a temp file left by an interrupted publish: {TempPath}")]
    public static partial void StaleTempRemoved(ILogger logger, string tempPath);

    [LoggerMessage(EventId = 1403, Level = LogLevel.Error, Message = "Refused to publish {FileName}: {OutboxDirectory} already holds a different file of that name")]
    public static partial void Conflict(ILogger logger, string fileName, string outboxDirectory);

    [LoggerMessage(EventId = 1404, Level = LogLevel.Debug, Message = "Copied {FileName} into {OutboxDirectory} instead of renaming it (other filesystem, default ACL, setgid group or unknown umask): the copy gives the receiver the folder's own permissions")]
    public static partial void CopiedInsteadOfRenamed(ILogger logger, string fileName, string outboxDirectory);
}
