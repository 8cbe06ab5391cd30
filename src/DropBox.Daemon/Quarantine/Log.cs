using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Quarantine;

/// <summary>Quarantine log messages (EventIds 1600-1699). Items are named by id and hash, never by file name.</summary>
internal static partial class Log
{
    [LoggerMessage(1600, LogLevel.Warning, "Quarantined {ItemId} from sender {Sender} (upload {UploadId}): {ReasonCode}")]
    public static partial void Quarantined(ILogger logger, string itemId, string sender, string? uploadId, string reasonCode);

    [LoggerMessage(1601, LogLevel.Information, "Quarantine item {ItemId} sent back for retry")]
    public static partial void Retried(ILogger logger, string itemId);

    [LoggerMessage(1602, LogLevel.Information, "Purged quarantine item {ItemId}")]
    public static partial void Purged(ILogger logger, string itemId);
}
