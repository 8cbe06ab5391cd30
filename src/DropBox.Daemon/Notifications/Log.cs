using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Notifications;

/// <summary>Notification log lines (EventIds 2300-2319).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2300, Level = LogLevel.Warning, Message = "Project {Project}: the {Event} notification (receipt, alert or metrics) failed; the upload is unaffected: {Error}")]
    public static partial void EventNotHandled(ILogger logger, string project, string @event, string error, Exception exception);
}
