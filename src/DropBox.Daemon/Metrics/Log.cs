using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Metrics;

/// <summary>Metrics log lines (EventIds 2200-2219).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2200, Level = LogLevel.Information, Message = "Prometheus metrics served at http://{EndPoint}/metrics")]
    public static partial void MetricsListening(ILogger logger, string endPoint);

    [LoggerMessage(EventId = 2201, Level = LogLevel.Error, Message = "Prometheus metrics endpoint could not start (the daemon runs on without it): {Error}")]
    public static partial void MetricsNotStarted(ILogger logger, string error);
}
