using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace DropBox.Daemon.Metrics;

/// <summary>
/// The daemon's counters and gauges, rendered in the Prometheus text format (0.0.4) by hand: a few dozen series do
/// not need a library, and this stays trim- and AOT-clean. Labels are project names, outcomes and reason codes only.
/// </summary>
internal sealed class DropBoxMetrics(TimeProvider time)
{
    private static readonly (string Name, string Type, string Help)[] Families =
    [
        ("dropbox_uploads_total", "counter", "Uploads finished, by outcome (published, quarantined)."),
        ("dropbox_files_deidentified_total", "counter", "DICOM files de-identified and published."),
        ("dropbox_quarantined_total", "counter", "Files held in quarantine, by reason code (whole uploads and members)."),
        ("dropbox_bytes_encrypted_total", "counter", "Bytes of ciphertext published to the outbox."),
        ("dropbox_bytes_sent_total", "counter", "Bytes sent to the far site."),
        ("dropbox_files_sent_total", "counter", "Files sent to the far site."),
        ("dropbox_sync_failures_total", "counter", "Sync runs that ended with an error."),
        ("dropbox_sync_files_waiting", "gauge", "Files in club_house not yet sent (as of the last sync run)."),
        ("dropbox_sync_oldest_waiting_seconds", "gauge", "Age of the oldest file not yet sent; 0 when none waits."),
        ("dropbox_pass_duration_seconds", "summary", "Duration of processing passes."),
        ("dropbox_sync_duration_seconds", "summary", "Duration of sync runs."),
        ("dropbox_last_pass_success_timestamp_seconds", "gauge", "Unix time of the last pass that ended without an error."),
        ("dropbox_last_sync_success_timestamp_seconds", "gauge", "Unix time of the last sync run that ended without an error."),
    ];

    private readonly ConcurrentDictionary<(string Name, string Labels), double> _values = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset?> _oldestWaitingSince = new(StringComparer.Ordinal);

    public void Add(string name, double value, params (string Key, string Value)[] labels) =>
        _values.AddOrUpdate((name, Labels(labels)), value, (_, old) => old + value);

    public void Set(string name, double value, params (string Key, string Value)[] labels) =>
        _values[(name, Labels(labels))] = value;

    /// <summary>Records one duration of a summary family (its <c>_sum</c> and <c>_count</c>).</summary>
    public void Observe(string name, TimeSpan duration, params (string Key, string Value)[] labels)
    {
        Add(name + "_sum", duration.TotalSeconds, labels);
        Add(name + "_count", 1, labels);
    }

    /// <summary>The oldest waiting file's age is computed at scrape time from when it started waiting.</summary>
    public void SetOldestWaiting(string project, DateTimeOffset? since) => _oldestWaitingSince[project] = since;

    public double Get(string name, params (string Key, string Value)[] labels) =>
        _values.TryGetValue((name, Labels(labels)), out var v) ? v : 0;

    public string Render()
    {
        var now = time.GetUtcNow();
        foreach (var (project, since) in _oldestWaitingSince)
        {
            Set("dropbox_sync_oldest_waiting_seconds", since is { } s ? Math.Max(0, (now - s).TotalSeconds) : 0, ("project", project));
        }
        var text = new StringBuilder();
        var snapshot = _values.ToArray();
        foreach (var (family, type, help) in Families)
        {
            text.Append(CultureInfo.InvariantCulture, $"# HELP {family} {help}\n# TYPE {family} {type}\n");
            foreach (var ((name, labels), value) in snapshot
                .Where(s => s.Key.Name == family || (type == "summary" && (s.Key.Name == family + "_sum" || s.Key.Name == family + "_count")))
                .OrderBy(s => s.Key.Name, StringComparer.Ordinal).ThenBy(s => s.Key.Labels, StringComparer.Ordinal))
            {
                text.Append(name).Append(labels.Length == 0 ? "" : "{" + labels + "}").Append(' ')
                    .Append(value.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
        }
        return text.ToString();
    }

    private static string Labels((string Key, string Value)[] labels) =>
        string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{Escape(l.Value)}\""));

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal)
        .Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
