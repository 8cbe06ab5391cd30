using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Alerts;

/// <summary>Alert log lines (EventIds 2100-2149): alert ids, keys and channel names only.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Alert {AlertId} ({Key}, {Severity}) queued for the admins")]
    public static partial void AlertQueued(ILogger logger, string alertId, string key, string severity);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Information, Message = "Alert {AlertId} ({Key}) delivered by {Channel}")]
    public static partial void AlertSent(ILogger logger, string alertId, string key, string channel);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Alert {AlertId} ({Key}) not delivered by {Channel}; tried again later: {Error}")]
    public static partial void AlertNotSent(ILogger logger, string alertId, string key, string channel, string error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Error, Message = "Alert {AlertId} ({Key}) dropped after {Attempts} failed attempt(s); channels never reached: {Channels}")]
    public static partial void AlertDropped(ILogger logger, string alertId, string key, string channels, int attempts);

    [LoggerMessage(EventId = 2104, Level = LogLevel.Warning, Message = "Alert state not saved (alerts may repeat after a restart): {Error}")]
    public static partial void AlertStateNotSaved(ILogger logger, string error);

    [LoggerMessage(EventId = 2105, Level = LogLevel.Warning, Message = "Health check {Check} could not run: {Error}")]
    public static partial void CheckFailed(ILogger logger, string check, string error);
}
