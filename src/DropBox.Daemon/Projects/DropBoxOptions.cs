namespace DropBox.Daemon.Projects;

/// <summary>
/// The "DropBox" section of appsettings.json (plus drop-ins in projects.d/ and DROPBOX__ environment
/// overrides). Relative paths are resolved against the folder of the main configuration file, so a test or a
/// second instance runs entirely inside one folder.
/// </summary>
internal sealed class DropBoxOptions
{
    public const string SectionName = "DropBox";

    /// <summary>Journal, pseudonym store, project secrets and gpg home. Default <c>/var/lib/dropbox</c>.</summary>
    public string StateDirectory { get; set; } = "/var/lib/dropbox";

    /// <summary>Rolling operational log and the append-only audit log. Default <c>/var/log/dropbox</c>.</summary>
    public string LogDirectory { get; set; } = "/var/log/dropbox";

    /// <summary>Minimum log level for the operational log: Verbose, Debug, Information (default), Warning, Error.</summary>
    public string LogLevel { get; set; } = "Information";

    /// <summary>Files de-identified in parallel within one upload batch, and gpg processes run at once for one
    /// encryption batch. 0 (default) = the core count.</summary>
    public int MaxParallelFiles { get; set; }

    /// <summary>Admin alerts by e-mail and webhook (issue 14); off while no channel is set.</summary>
    public Alerts.AlertOptions Alerts { get; set; } = new();

    /// <summary>Prometheus endpoint on a loopback address (issue 14); off by default.</summary>
    public Metrics.MetricsOptions Metrics { get; set; } = new();

    /// <summary>Projects by name (lower-case letters, digits and dashes).</summary>
    public Dictionary<string, ProjectOptions> Projects { get; set; } = new(StringComparer.Ordinal);

    internal int EffectiveParallelism => MaxParallelFiles > 0 ? MaxParallelFiles : Environment.ProcessorCount;
}
