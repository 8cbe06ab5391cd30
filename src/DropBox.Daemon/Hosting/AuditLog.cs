using System.Text.Json;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// Append-only audit trail, one JSON object per line (<c>audit.jsonl</c> in the log directory): what came in
/// (upload id, sender, hash), what was done (pseudonyms, actions applied), what left (output hash, recipient
/// key fingerprints) and the outcome. Never a patient name, ID, birth date or an uploaded file name.
/// </summary>
internal sealed class AuditLog(string directory, TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly string _path = Path.Combine(directory, "audit.jsonl");

    public void Write(AuditEntry entry)
    {
        var line = JsonSerializer.Serialize(entry with { Time = time.GetUtcNow() }, AuditJson.Options);
        lock (_gate)
        {
            Directory.CreateDirectory(directory);
            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            using var writer = new StreamWriter(stream);
            writer.WriteLine(line);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
    }
}

internal sealed record AuditEntry(
    string Event,
    string Project,
    string UploadId,
    string Sender,
    string? Sha256 = null,
    long? Size = null,
    string? Outcome = null,
    string? Reason = null,
    IReadOnlyList<string>? Pseudonyms = null,
    int? ActionsApplied = null,
    int? FilesPublished = null,
    int? FilesQuarantined = null,
    string? OutputName = null,
    string? OutputSha256 = null,
    IReadOnlyList<string>? RecipientFingerprints = null,
    DateTimeOffset Time = default);

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
