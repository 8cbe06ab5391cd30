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
