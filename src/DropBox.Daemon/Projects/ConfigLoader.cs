using System.Collections;
using Microsoft.Extensions.Configuration;

namespace DropBox.Daemon.Projects;

/// <summary>
/// Reads the main configuration file, its drop-ins (<c>projects.d/*.json</c> beside it, in name order) and
/// <c>DROPBOX__…</c> environment overrides into one <see cref="DropBoxOptions"/>, with relative paths made
/// absolute against the main file's folder.
/// </summary>
internal static class ConfigLoader
{
    public const string DefaultPath = "/etc/dropbox/appsettings.json";
    public const string DropInFolder = "projects.d";

    /// <summary>Loads; a missing or unparsable file is a <see cref="ConfigException"/> with every problem found.</summary>
    public static DropBoxOptions Load(string configPath)
    {
        var full = Path.GetFullPath(configPath);
        if (!File.Exists(full))
        {
            throw new ConfigException([$"configuration file {full} not found: create it with 'dropbox project init NAME --config {full} …' or pass --config FILE"]);
        }
        var builder = new ConfigurationBuilder().AddJsonFile(full, optional: false, reloadOnChange: false);
        foreach (var dropIn in DropIns(full))
        {
            builder.AddJsonFile(dropIn, optional: false, reloadOnChange: false);
        }
        builder.AddInMemoryCollection(EnvironmentOverrides());

        IConfigurationRoot root;
        try
        {
            root = builder.Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            // System.Text.Json messages name the file, line and byte: enough to fix it, and config holds no PHI.
            throw new ConfigException([$"cannot read configuration: {ex.Message} {ex.InnerException?.Message}".Trim()]);
        }

        var options = new DropBoxOptions();
        try
        {
            root.GetSection(DropBoxOptions.SectionName).Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            // The outer message only says binding failed; the inner one names the misspelt setting.
            throw new ConfigException([$"configuration does not fit: {(ex.InnerException ?? ex).Message}"]);
        }
        PathResolver.MakeAbsolute(options, Path.GetDirectoryName(full)!);
        foreach (var (name, project) in options.Projects)
        {
            // The pseudonym store is keyed by project; the name in config is the one that counts.
            project.Deidentify.Project = name;
        }
        return options;
    }

    /// <summary>The drop-in files that belong to a main configuration file, in the order they apply.</summary>
    public static IReadOnlyList<string> DropIns(string configPath)
    {
        var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configPath))!, DropInFolder);
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).ToArray()
            : [];
    }

    /// <summary>DROPBOX__StateDirectory=… → DropBox:StateDirectory (only our own prefix is read).</summary>
    private static IEnumerable<KeyValuePair<string, string?>> EnvironmentOverrides()
    {
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var key = (string)entry.Key;
            if (key.StartsWith("DROPBOX__", StringComparison.OrdinalIgnoreCase))
            {
                yield return new(DropBoxOptions.SectionName + ":" + key["DROPBOX__".Length..].Replace("__", ":", StringComparison.Ordinal), (string?)entry.Value);
            }
        }
    }
}

/// <summary>Configuration that cannot be used; <see cref="Errors"/> lists every problem, each with what to do.</summary>
internal sealed class ConfigException(IReadOnlyList<string> errors)
    : Exception("invalid configuration:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
