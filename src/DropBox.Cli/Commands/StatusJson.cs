using System.Globalization;
using System.Text.Json.Nodes;
using DropBox.Daemon.Hosting;

namespace DropBox.Cli;

/// <summary><c>dropbox status --json</c>: the same facts as the text, for scripts (times in ISO 8601 UTC, ages in
/// seconds, counts as numbers). Built with JsonObject: no reflection, so the native build writes the same.</summary>
internal static class StatusJson
{
    public static JsonObject Project(ProjectStatus s, IEnumerable<ReceiverKeyLine> keys, bool hasJournal)
    {
        var project = new JsonObject
        {
            ["project"] = s.Project,
            ["target"] = s.Target,
            ["inboxReady"] = s.InboxReady,
            ["inboxBeingWritten"] = s.InboxWriting,
            ["inboxRefused"] = s.InboxRefused,
            ["inProgress"] = s.InProgress,
            ["quarantined"] = s.Quarantined,
            ["outboxFiles"] = s.OutboxFiles,
            ["hasJournal"] = hasJournal,
            ["lastActivity"] = Time(s.LastActivity),
            ["problems"] = new JsonArray([.. s.Problems.Select(p => (JsonNode)p)]),
            ["receiverKeys"] = new JsonArray([.. keys.Select(k => (JsonNode)new JsonObject
            {
                ["file"] = k.KeyFile,
                ["fingerprint"] = k.Fingerprint,
                ["algorithm"] = k.Algorithm,
                ["expires"] = Time(k.Expires),
                ["state"] = k.State,
                ["problems"] = new JsonArray([.. k.Problems.Select(p => (JsonNode)p)]),
            })]),
        };
        if (s.Sync is { } sync)
        {
            project["sync"] = new JsonObject
            {
                ["filesWaiting"] = sync.FilesWaiting,
                ["filesFailed"] = sync.FilesFailed,
                ["oldestWaitingSeconds"] = sync.OldestWaitingAge is { } age ? Math.Round(age.TotalSeconds) : null,
                ["filesSent"] = sync.FilesSent,
                ["lastSuccess"] = Time(sync.LastSuccessfulSync),
                ["lastError"] = sync.LastError,
                ["lastErrorAt"] = Time(sync.LastErrorAt),
            };
        }
        return project;
    }

    private static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
