using System.Text.Json.Serialization;

namespace DropBox.Daemon.Alerts;

/// <summary>One message to the admins. Built only from project names, sender codes, ids, counts, reason codes,
/// key fingerprints and configured paths: never an uploaded name or a value from a DICOM file.</summary>
/// <param name="Key">What it is about, e.g. <c>sync-down/liver</c>: de-duplication and quiet period go by it.</param>
/// <param name="Severity"><c>info</c>, <c>warning</c>, <c>error</c> or <c>recovered</c>.</param>
internal sealed record AlertMessage(string Id, string Key, string Severity, string Subject, string Text, DateTimeOffset Created)
{
    /// <summary>Channels that have not taken it yet.</summary>
    public List<string> Pending { get; init; } = [];

    public int Attempts { get; set; }

    public DateTimeOffset NextAttempt { get; set; }
}

/// <summary>One condition that is either on or off (a far site down, a key expiring, a disk full).</summary>
internal sealed class AlertCondition
{
    public bool Active { get; set; }

    /// <summary>The state the admins were last told about (false also when never told).</summary>
    public bool Announced { get; set; }

    public DateTimeOffset? AnnouncedAt { get; set; }

    public string Subject { get; set; } = "";

    public string Text { get; set; } = "";

    public string RecoveredSubject { get; set; } = "";

    public string RecoveredText { get; set; } = "";
}

/// <summary>What <see cref="AlertCenter"/> keeps across restarts (<c>&lt;StateDirectory&gt;/alerts.json</c>, 0600).</summary>
internal sealed class AlertState
{
    public Dictionary<string, AlertCondition> Conditions { get; set; } = new(StringComparer.Ordinal);

    /// <summary>One-off messages (digests) by key: when the last one went and what it said, for de-duplication.</summary>
    public Dictionary<string, string> LastOneOff { get; set; } = new(StringComparer.Ordinal);

    public Dictionary<string, DateTimeOffset> LastOneOffAt { get; set; } = new(StringComparer.Ordinal);

    public List<AlertMessage> Outbox { get; set; } = [];
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(AlertState))]
[JsonSerializable(typeof(WebhookPayload))]
internal sealed partial class AlertJson : JsonSerializerContext;

/// <summary>The webhook's JSON body.</summary>
internal sealed record WebhookPayload(string Source, string Host, string Id, string Key, string Severity, string Subject, string Text, DateTimeOffset Time);
