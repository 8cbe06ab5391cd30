using System.CommandLine;
using DropBox.Daemon.Hosting;

namespace DropBox.Cli;

/// <summary><c>dropbox run</c> (the daemon) and <c>dropbox once</c> (one full pass, then exit).</summary>
internal static class DaemonCommands
{
    public static Command CreateRun(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var command = new Command("run", "Run the daemon (under systemd: Type=notify).") { config };
        command.SetAction((result, token) => DaemonHost.RunAsync(result.GetValue(config)!, time, token));
        return command;
    }

    public static Command CreateOnce(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var noSync = new Option<bool>("--no-sync") { Description = "Process uploads but do not sync to the receiving site." };
        var command = new Command("once",
            "One full pass over every project (intake, de-identify, encrypt, outbox, sync), then exit. "
            + "Exit 0: all went through; 3: something was quarantined; 1: a fatal error.")
        { config, noSync };
        command.SetAction(async (result, token) =>
        {
            var outcome = await OncePass.RunAsync(result.GetValue(config)!, !result.GetValue(noSync), Console.Out, Console.Error, time, token).ConfigureAwait(false);
            return outcome switch
            {
                OnceOutcome.Ok => ExitCodes.Ok,
                OnceOutcome.SomeQuarantined => ExitCodes.SomeQuarantined,
                _ => ExitCodes.Failed,
            };
        });
        return command;
    }
}
