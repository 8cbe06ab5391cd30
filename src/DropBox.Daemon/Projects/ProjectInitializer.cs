using System.Text.Json;
using System.Text.Json.Nodes;

namespace DropBox.Daemon.Projects;

/// <summary>What <c>dropbox project init</c> was asked to set up.</summary>
internal sealed record ProjectInitRequest(
    string Name,
    string Root,
    string Direction,
    IReadOnlyList<string> Senders,
    IReadOnlyList<string> ReceiverKeys,
    string ConfigPath,
    JsonObject? SyncTarget = null);

/// <summary>
/// Onboards a project: the folder tree, the project secret (0600), a drop-in in projects.d/, and the main
/// configuration file with defaults when there is none yet. Returns what the admin must still do by hand.
/// </summary>
internal static class ProjectInitializer
{
    public static IReadOnlyList<string> Initialize(ProjectInitRequest request)
    {
        var configPath = Path.GetFullPath(request.ConfigPath);
        var configDir = Path.GetDirectoryName(configPath)!;
        Directory.CreateDirectory(configDir);
        if (!File.Exists(configPath))
        {
            var main = new JsonObject
            {
                ["DropBox"] = new JsonObject
                {
                    ["StateDirectory"] = "state",
                    ["LogDirectory"] = "log",
                    ["LogLevel"] = "Information",
                    ["Projects"] = new JsonObject(),
                },
            };
            File.WriteAllText(configPath, main.ToJsonString(Indented) + "\n");
        }

        var root = Path.GetFullPath(request.Root);
        foreach (var sender in request.Senders)
        {
            Directory.CreateDirectory(Path.Combine(root, sender, "gpg"));
            Directory.CreateDirectory(Path.Combine(root, "club_house", request.Direction, "gpg-" + sender));
        }
        ProjectLayout.CreatePrivateDirectory(Path.Combine(root, ".dropbox"));

        var options = ConfigLoader.Load(configPath);
        var secret = ProjectLayout.SecretFile(options, request.Name);
        ProjectLayout.CreatePrivateDirectory(Path.GetDirectoryName(secret)!);
        ProjectLayout.CreatePrivateDirectory(options.StateDirectory);
        if (!File.Exists(secret))
        {
            DropBox.Deidentify.Pseudonyms.ProjectSecret.LoadOrCreate(secret);
        }

        var project = new JsonObject
        {
            ["Root"] = root,
            ["Direction"] = request.Direction,
            ["Senders"] = new JsonArray(request.Senders.Select(s => (JsonNode)s).ToArray()),
            ["ReceiverKeys"] = new JsonArray(request.ReceiverKeys.Select(k => (JsonNode)Path.GetFullPath(k)).ToArray()),
            ["Deidentify"] = new JsonObject { ["Options"] = new JsonArray(), ["Fields"] = new JsonArray(), ["PseudonymFormat"] = request.Name.ToUpperInvariant() + "-{0:0000}" },
        };
        if (request.SyncTarget is not null)
        {
            project["Sync"] = new JsonObject { ["Target"] = request.SyncTarget };
        }
        var dropIn = Path.Combine(configDir, ConfigLoader.DropInFolder, request.Name + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(dropIn)!);
        var document = new JsonObject { ["DropBox"] = new JsonObject { ["Projects"] = new JsonObject { [request.Name] = project } } };
        File.WriteAllText(dropIn, document.ToJsonString(Indented) + "\n");

        var todo = new List<string>
        {
            $"project '{request.Name}' written to {dropIn}; secret in {secret} (back it up: pseudonyms and UIDs depend on it)",
        };
        foreach (var sender in request.Senders)
        {
            todo.Add($"create an SFTP-only account for sender '{sender}' chrooted so it sees {Path.Combine(root, sender, "gpg")} and {Path.Combine(root, "club_house", request.Direction)}");
        }
        if (request.SyncTarget is null)
        {
            todo.Add(MissingTargetTodo(request, root, configPath, dropIn));
        }
        todo.Add($"give the daemon's user ownership of {Path.Combine(root, ".dropbox")} (mode 0700) and write access to the inboxes and club_house");
        todo.Add($"run 'dropbox check --config {configPath}' and fix what it lists");
        return todo;
    }

    /// <summary>The far site is optional at init; say what is left undone and the exact command that adds it.</summary>
    private static string MissingTargetTodo(ProjectInitRequest request, string root, string configPath, string dropIn)
    {
        var again = string.Join(' ', new[] { "dropbox", "project", "init", request.Name, "--root", root, "--direction", request.Direction }
            .Concat(request.Senders.SelectMany(s => new[] { "--sender", s }))
            .Concat(request.ReceiverKeys.SelectMany(k => new[] { "--receiver-key", Path.GetFullPath(k) }))
            .Concat(["--config", configPath])
            .Select(Quote));
        return $"add the far site: none was given, so project '{request.Name}' is processed into club_house but nothing is synced. "
            + $"Run: {again} --target-sftp USER@HOST[:PORT]:/PATH --target-identity KEY --target-known-hosts FILE "
            + $"(or --target-local DIR for a mounted folder). That rewrites {dropIn}; if you have edited it since, set Sync.Target there instead";
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsAsciiLetterOrDigit(c) || "/._-:@+=,".Contains(c, StringComparison.Ordinal))
            ? argument
            : "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
