using System.CommandLine;
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
}
