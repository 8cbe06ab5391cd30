using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Hosting;

/// <summary>What checking a configuration found: every problem, and the options when it could be read at all.</summary>
internal sealed record ConfigCheck(IReadOnlyList<string> Errors, DropBoxOptions? Options)
{
    /// <summary>What works but deserves a look (<see cref="ConfigValidator.Warnings"/>); never a reason to stop.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>Loads and validates a configuration the way the daemon does at start.</summary>
internal static class DaemonChecks
{
    public static async Task<ConfigCheck> CheckAsync(string configPath, TimeProvider time, CancellationToken cancellationToken)
    {
        DropBoxOptions options;
        try
        {
            options = ConfigLoader.Load(configPath);
        }
        catch (ConfigException ex)
        {
            return new ConfigCheck(ex.Errors, null);
        }
        var errors = await new ConfigValidator(new DaemonProjectChecks(time)).ValidateAsync(options, cancellationToken).ConfigureAwait(false);
        return new ConfigCheck(errors, options) { Warnings = ConfigValidator.Warnings(options) };
    }
}
