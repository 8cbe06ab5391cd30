using System.Text.Json.Nodes;
using DropBox.Daemon.Hosting;
using DropBox.Testing;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Tests.EndToEnd;

/// <summary>
/// The daemon's own work (<see cref="DaemonWork"/>, what the scheduled jobs run) on a configuration a test
/// writes into its temp folder: one project, state and logs beside the config file.
/// </summary>
internal sealed class InProcessDaemon : IDisposable
{
    private readonly ILoggerFactory _loggers;

    private InProcessDaemon(string configPath)
    {
        var (errors, options) = DaemonChecks.CheckAsync(configPath, TimeProvider.System, CancellationToken.None).GetAwaiter().GetResult();
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        _loggers = LoggingSetup.CreateFactory(options!, console: false);
        Work = new DaemonWork(new ConfigState(configPath, options!), TimeProvider.System, _loggers);
    }

    public DaemonWork Work { get; }

    /// <summary>Writes appsettings.json with one project and starts the daemon's work on it (after a clean check).</summary>
    public static InProcessDaemon Start(TempDir dir, string projectName, JsonObject project) =>
        new(WriteConfig(dir, projectName, project));

    public static string WriteConfig(TempDir dir, string projectName, JsonObject project) =>
        dir.WriteFile("appsettings.json", new JsonObject
        {
            ["DropBox"] = new JsonObject
            {
                ["StateDirectory"] = "state",
                ["LogDirectory"] = "log",
                ["Projects"] = new JsonObject { [projectName] = project },
            },
        }.ToJsonString());

    public void Dispose()
    {
        Work.Dispose();
        _loggers.Dispose();
    }
}
