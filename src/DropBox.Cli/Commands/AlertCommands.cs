using System.CommandLine;
using DropBox.Daemon.Alerts;
using DropBox.Daemon.Hosting;
using DropBox.Daemon.Notifications;
using DropBox.Daemon.Platform;

namespace DropBox.Cli;

/// <summary><c>dropbox alert test</c>: one test message through every configured channel, each result printed.
/// Exit 0 when every channel took it, 1 when one did not (or none is configured).</summary>
internal static class AlertCommands
{
    public static Command Create(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var test = new Command("test", "Send one test message through every configured alert channel (e-mail, webhook) and report each result.") { config };
        test.SetAction(async (result, token) =>
        {
            var path = result.GetValue(config)!;
            if (await ConfigOption.LoadCheckedAsync(path, time, token).ConfigureAwait(false) is not { } options)
            {
                return ExitCodes.Failed;
            }
            using var loggers = LoggingSetup.CreateFactory(options, console: false);
            var notifier = new Notifier(options, time, loggers);
            var channels = notifier.Channels(options.Alerts);
            if (channels.Count == 0)
            {
                await Console.Error.WriteLineAsync("no alert channel is configured: set Alerts.Smtp and/or Alerts.Webhook (docs/operations.md, \"Alerts\")").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            var message = new AlertMessage(PhiFreeId.New("a", time), "test", "info", $"{Environment.MachineName}: test alert",
                $"A test message from 'dropbox alert test' on {Environment.MachineName} at {time.GetUtcNow():u}. "
                + "Alerts about quarantines, the far site, receiver keys, free space and restarts arrive this way.", time.GetUtcNow());
            var failed = false;
            foreach (var channel in channels)
            {
                var error = await notifier.Alerts.TrySendAsync(channel, message, token).ConfigureAwait(false);
                failed |= error is not null;
                await Console.Out.WriteLineAsync($"{channel.Name}: {channel.Description}: {(error is null ? "sent" : "FAILED: " + error)}").ConfigureAwait(false);
            }
            return failed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return new Command("alert", "Admin alerts (e-mail, webhook).") { test };
    }
}
