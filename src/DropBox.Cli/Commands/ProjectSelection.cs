using System.CommandLine;
using DropBox.Daemon.Projects;

namespace DropBox.Cli;

/// <summary>Loading the configuration and picking projects for the admin verbs (status, quarantine, sync).</summary>
internal static class ProjectSelection
{
    public static Option<string?> CreateOption() => new("--project")
    {
        Description = "Only this project (default: every configured project).",
    };

    /// <summary>Loads the configuration (without the slow key checks: 'dropbox check' does those); null after printing why not.</summary>
    public static DropBoxOptions? Load(string configPath)
    {
        try
        {
            return ConfigLoader.Load(configPath);
        }
        catch (ConfigException ex)
        {
            Console.Error.WriteLine($"dropbox: configuration {Path.GetFullPath(configPath)} cannot be used:");
            foreach (var error in ex.Errors)
            {
                Console.Error.WriteLine($"  - {error}");
            }
            return null;
        }
    }

    /// <summary>The selected projects in name order; null (after a message) when the named one is not configured.</summary>
    public static IReadOnlyList<(string Name, ProjectOptions Options)>? Select(DropBoxOptions options, string? project)
    {
        if (project is null)
        {
            return options.Projects.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (p.Key, p.Value)).ToList();
        }
        if (options.Projects.TryGetValue(project, out var settings))
        {
            return [(project, settings)];
        }
        Console.Error.WriteLine($"dropbox: no project '{project}' in the configuration; configured: {string.Join(", ", options.Projects.Keys.Order(StringComparer.Ordinal))}");
        return null;
    }

    /// <summary>"2026-11-22 08:00:00Z (3h 5m ago)" — UTC, so lines from two sites compare directly.</summary>
    public static string When(DateTimeOffset? time, DateTimeOffset now) =>
        time is { } t ? $"{t.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z ({Age(now - t)} ago)" : "never";

    public static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }
        return age.TotalDays >= 1 ? $"{(int)age.TotalDays}d {age.Hours}h"
            : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h {age.Minutes}m"
            : age.TotalMinutes >= 1 ? $"{(int)age.TotalMinutes}m {age.Seconds}s"
            : $"{(int)age.TotalSeconds}s";
    }
}
