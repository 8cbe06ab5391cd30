using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Hosting;

/// <summary>Loads and validates a configuration the way the daemon does at start.</summary>
internal static class DaemonChecks
{
    public static IReadOnlyList<string> Check(string configPath, out DropBoxOptions? options)
    {
        options = null;
        try
        {
            options = ConfigLoader.Load(configPath);
        }
        catch (ConfigException ex)
        {
            return ex.Errors;
        }
        return new ConfigValidator(new DaemonProjectChecks(options)).Validate(options);
    }
}
