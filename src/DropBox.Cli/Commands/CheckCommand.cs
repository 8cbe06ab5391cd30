using System.CommandLine;
using DropBox.Daemon.Hosting;
using DropBox.Daemon.Projects;

namespace DropBox.Cli;

internal static class CheckCommand
{
    public static Command Create(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var command = new Command("check", "Check the configuration and list every problem at once (exit 1 if any).") { config };
        command.SetAction(async (result, token) =>
        {
            var path = result.GetValue(config)!;
            var check = await DaemonChecks.CheckAsync(path, time, token).ConfigureAwait(false);
            var (errors, options) = check;
            if (errors.Count == 0)
            {
                Console.WriteLine($"configuration {Path.GetFullPath(path)} is valid: {options!.Projects.Count} project(s)");
            }
            foreach (var warning in check.Warnings)
            {
                Console.WriteLine($"  warning: {warning}");
            }
            if (errors.Count == 0)
            {
                // Issue 14: every receiver key with its fingerprint, algorithm and expiry; expiring soon is a warning.
                var keys = await ReceiverKeyReport.ReadAsync(options!.Projects, options.Alerts.KeyExpiryWarning, time, token).ConfigureAwait(false);
                foreach (var key in keys)
                {
                    Console.WriteLine($"  key of {key.Project}: {key.Describe(time.GetUtcNow())}");
                }
                foreach (var key in keys.Where(k => k.State == "expiring"))
                {
                    Console.Error.WriteLine($"warning: project '{key.Project}': receiver key {key.KeyFile} expires within Alerts.KeyExpiryWarning ({options.Alerts.KeyExpiryWarning.TotalDays:0} days): ask the receiver to extend it");
                }
                return ExitCodes.Ok;
            }
            Console.Error.WriteLine($"configuration {Path.GetFullPath(path)} has {errors.Count} problem(s):");
            foreach (var error in errors)
            {
                Console.Error.WriteLine($"  - {error}");
            }
            return ExitCodes.Failed;
        });
        return command;
    }
}
