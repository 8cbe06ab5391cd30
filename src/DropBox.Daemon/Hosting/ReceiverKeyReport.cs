using System.Globalization;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Notifications;
using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Hosting;

/// <summary>One receiver key as <c>check</c> and <c>status</c> show it (staff key data, never patient data).</summary>
/// <param name="Expires">When the key stops encrypting (its latest encryption subkey's expiry); null for never.</param>
/// <param name="State"><c>ok</c>, <c>expiring</c> (within <c>Alerts.KeyExpiryWarning</c>) or <c>unusable</c>.</param>
internal sealed record ReceiverKeyLine(
    string Project, string KeyFile, string? Fingerprint, string? Algorithm, DateTimeOffset? Expires, string State, IReadOnlyList<string> Problems)
{
    /// <summary>One line for a person: fingerprint, algorithm, expiry and what to do.</summary>
    public string Describe(DateTimeOffset now) =>
        $"{KeyFile}: {Fingerprint ?? "(no key)"} {Algorithm ?? ""}, " + (Expires is { } e
            ? $"expires {e.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)} (in {Math.Max(0, (e - now).TotalDays):0} days)"
            : Fingerprint is null ? "" : "never expires")
        + State switch
        {
            "expiring" => " — WARNING: expires soon; ask the receiver to extend it and send the renewed public key",
            "unusable" => " — UNUSABLE: " + string.Join("; ", Problems),
            _ => "",
        };
}

/// <summary>Reads every project's receiver keys through gpg (<see cref="GpgKeyInspector"/>) for <c>check</c> and <c>status</c>.</summary>
internal static class ReceiverKeyReport
{
    public static async Task<IReadOnlyList<ReceiverKeyLine>> ReadAsync(
        IEnumerable<KeyValuePair<string, ProjectOptions>> projects, TimeSpan expiryWarning, TimeProvider time, CancellationToken cancellationToken)
    {
        var lines = new List<ReceiverKeyLine>();
        var now = time.GetUtcNow();
        foreach (var (name, project) in projects)
        {
            IReadOnlyList<ReceiverKey> keys;
            try
            {
                keys = await new GpgKeyInspector(project.Encrypt, time).InspectAllAsync(project.ReceiverKeys, cancellationToken).ConfigureAwait(false);
            }
            catch (EncryptionException e)
            {
                lines.AddRange(project.ReceiverKeys.Select(k => new ReceiverKeyLine(name, k, null, null, null, "unusable", [e.Message])));
                continue;
            }
            foreach (var key in keys)
            {
                var expires = HealthChecks.ExpiryOf(key);
                var state = !key.IsUsable ? "unusable" : expires is { } e && e - now < expiryWarning ? "expiring" : "ok";
                lines.Add(new ReceiverKeyLine(name, key.KeyFile, key.Fingerprint, key.Algorithm, expires, state, key.Problems));
            }
        }
        return lines;
    }
}
