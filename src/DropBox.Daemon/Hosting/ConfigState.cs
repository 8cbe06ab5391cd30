using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// The configuration in force. A reload replaces it only when the new one validates; a broken change is
/// logged with every error and the last good configuration stays (the daemon never runs half-configured).
/// </summary>
internal sealed class ConfigState(string configPath, DropBoxOptions initial)
{
    private DropBoxOptions _current = initial;

    public string ConfigPath { get; } = Path.GetFullPath(configPath);

    public DropBoxOptions Current => Volatile.Read(ref _current);

    public event Action<DropBoxOptions>? Changed;

    /// <summary>Loads and validates the files again; returns the errors (empty when the new config is in force).</summary>
    public async Task<IReadOnlyList<string>> ReloadAsync(ConfigValidator validator, CancellationToken cancellationToken)
    {
        DropBoxOptions candidate;
        try
        {
            candidate = ConfigLoader.Load(ConfigPath);
        }
        catch (ConfigException ex)
        {
            return ex.Errors;
        }
        var errors = await validator.ValidateAsync(candidate, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            return errors;
        }
        Volatile.Write(ref _current, candidate);
        Changed?.Invoke(candidate);
        return [];
    }
}
