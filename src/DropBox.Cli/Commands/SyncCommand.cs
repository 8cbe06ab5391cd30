using System.CommandLine;
using DropBox.Daemon.Hosting;

namespace DropBox.Cli;

/// <summary><c>dropbox sync</c>: one sync run now (the same work as the scheduled job), then exit.
/// Exit 0 when every run was clean, 1 when a run had errors (files stay waiting for the next run).</summary>
internal static class SyncCommand
{
    public static Command Create(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var project = ProjectSelection.CreateOption();
        var command = new Command("sync", "Send club_house to the receiving site now (one run per project), then exit; exit 1 if a run had errors.")
        {
            config, project,
        };
        command.SetAction(async (result, token) =>
        {
            var path = result.GetValue(config)!;
            if (await ConfigOption.LoadCheckedAsync(path, time, token).ConfigureAwait(false) is not { } options)
            {
                return ExitCodes.Failed;
            }
            var selected = ProjectSelection.Select(options, result.GetValue(project));
            if (selected is null)
            {
                return ExitCodes.Failed;
            }
            using var loggers = LoggingSetup.CreateFactory(options);
            using var work = new DaemonWork(new ConfigState(path, options), time, loggers);
            var failed = false;
            foreach (var (name, _) in selected)
            {
                var run = await work.SyncAsync(name, token).ConfigureAwait(false);
                failed |= run.Failed;
                await Console.Out.WriteLineAsync($"{name}: {run.Summary}").ConfigureAwait(false);
            }
            await work.DrainAlertsAsync(token).ConfigureAwait(false); // issue 14: alerts leave before the process does
            return failed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }
}
