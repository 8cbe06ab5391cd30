using System.CommandLine;
using System.Text.Json.Nodes;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Sync;

namespace DropBox.Cli;

internal static class ProjectCommands
{
    public static Command Create()
    {
        var project = new Command("project", "Onboard and inspect projects.");
        project.Subcommands.Add(CreateInit());
        return project;
    }

    private static Command CreateInit()
    {
        var name = new Argument<string>("NAME") { Description = "Project name (lower-case letters, digits, dashes)." };
        var root = new Option<string>("--root") { Description = "Project root, e.g. /home/ji_liver.", Required = true };
        var direction = new Option<string>("--direction") { Description = "From_<A>_To_<B>.", Required = true };
        var senders = new Option<string[]>("--sender") { Description = "Sender site code (repeatable).", Required = true, AllowMultipleArgumentsPerToken = true };
        var keys = new Option<string[]>("--receiver-key") { Description = "Receiver OpenPGP public key file (repeatable).", Required = true, AllowMultipleArgumentsPerToken = true };
        var targetLocal = new Option<string?>("--target-local") { Description = "Sync to a local folder (e.g. an NFS mount)." };
        var targetSftp = new Option<string?>("--target-sftp") { Description = "Sync over SFTP: user@host[:port]:/path." };
        var identity = new Option<string?>("--target-identity") { Description = "SSH private key for --target-sftp." };
        var knownHosts = new Option<string?>("--target-known-hosts") { Description = "Pinned known_hosts file for --target-sftp." };
        var config = ConfigOption.Create();
        var command = new Command("init", "Create a project's folders, secret and configuration drop-in.")
        {
            name, root, direction, senders, keys, targetLocal, targetSftp, identity, knownHosts, config,
        };
        command.SetAction(result =>
        {
            JsonObject? target = null;
            if (result.GetValue(targetLocal) is { } local)
            {
                target = new JsonObject { ["Type"] = "local", ["Directory"] = Path.GetFullPath(local) };
            }
            else if (result.GetValue(targetSftp) is { } sftp)
            {
                if (!SftpTargetSpec.TryParse(sftp, out var spec, out var error))
                {
                    Console.Error.WriteLine($"dropbox: --target-sftp {error}");
                    return ExitCodes.Usage;
                }
                target = new JsonObject
                {
                    ["Type"] = "sftp", ["Host"] = spec!.Host, ["Port"] = spec.Port, ["User"] = spec.User, ["RemoteDirectory"] = spec.RemoteDirectory,
                    ["IdentityFile"] = result.GetValue(identity) is { } i ? Path.GetFullPath(i) : null,
                    ["KnownHostsFile"] = result.GetValue(knownHosts) is { } k ? Path.GetFullPath(k) : null,
                };
            }
            try
            {
                var todo = ProjectInitializer.Initialize(new ProjectInitRequest(
                    result.GetValue(name)!, result.GetValue(root)!, result.GetValue(direction)!,
                    result.GetValue(senders)!, result.GetValue(keys)!, result.GetValue(config)!, target));
                Console.WriteLine("Done. Still to do by hand:");
                foreach (var line in todo)
                {
                    Console.WriteLine($"  - {line}");
                }
                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ConfigException)
            {
                Console.Error.WriteLine($"dropbox: project init failed: {ex.Message}");
                return ExitCodes.Failed;
            }
        });
        return command;
    }
}
