using DropBox.Daemon.Projects;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Events;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// Serilog: console (journald picks it up under systemd) and a daily rolling file in the log directory.
/// A log directory that cannot be written is reported on the console and the daemon carries on: logging is
/// a side concern and must never take the host down.
/// </summary>
internal static class LoggingSetup
{
    private const string Template = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffzzz} [{Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static Serilog.Core.Logger CreateLogger(DropBoxOptions options, bool console = true)
    {
        var level = Enum.TryParse<LogEventLevel>(options.LogLevel, ignoreCase: true, out var parsed) ? parsed : LogEventLevel.Information;
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Quartz", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        if (console)
        {
            configuration.WriteTo.Console(outputTemplate: Template, standardErrorFromLevel: LogEventLevel.Verbose);
        }
        try
        {
            Directory.CreateDirectory(options.LogDirectory);
            configuration.WriteTo.File(Path.Combine(options.LogDirectory, "dropbox-.log"), outputTemplate: Template,
                rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31, shared: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"dropbox: log directory {options.LogDirectory} is not writable ({ex.Message}); logging to the console only.");
        }
        return configuration.CreateLogger();
    }

    public static ILoggerFactory CreateFactory(DropBoxOptions options, bool console = true)
    {
        var logger = CreateLogger(options, console);
        return LoggerFactory.Create(builder => builder.AddSerilog(logger, dispose: true).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace));
    }
}
