using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropBox.Daemon.Diagnostics;

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
        var line = JsonSerializer.Serialize(entry with { Time = time.GetUtcNow() }, AuditJson.Default.AuditEntry);
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

/// <summary>audit.jsonl's serializer, generated at build time (the native build has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AuditEntry))]
internal sealed partial class AuditJson : JsonSerializerContext;
