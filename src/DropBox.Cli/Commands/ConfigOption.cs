using System.CommandLine;
using DropBox.Daemon.Hosting;
using DropBox.Daemon.Projects;

namespace DropBox.Cli;

/// <summary>The --config option every daemon verb shares.</summary>
internal static class ConfigOption
{
    public static Option<string> Create() => new("--config")
    {
        Description = $"Main configuration file (drop-ins are read from projects.d/ beside it). Default {ConfigLoader.DefaultPath}.",
        DefaultValueFactory = _ => ConfigLoader.DefaultPath,
    };

    /// <summary>The checked configuration, or null after every problem was printed to stderr (the verb then exits 1).</summary>
    public static async Task<DropBoxOptions?> LoadCheckedAsync(string path, TimeProvider time, CancellationToken cancellationToken)
    {
        var (errors, options) = await DaemonChecks.CheckAsync(path, time, cancellationToken).ConfigureAwait(false);
        if (errors.Count == 0)
        {
            return options;
        }
        await Console.Error.WriteLineAsync($"dropbox: configuration {Path.GetFullPath(path)} has {errors.Count} problem(s):").ConfigureAwait(false);
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"  - {error}").ConfigureAwait(false);
        }
        return null;
    }
}
