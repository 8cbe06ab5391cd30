using System.Text;
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

    public void Write(AuditEntry entry) => WriteAll([entry]);

    /// <summary>
    /// Appends the lines of a whole batch in one write and forces them to disk with ONE fsync: a step journals its
    /// batch in one transaction and audits it in one append, instead of one fsync per upload. Nothing for an empty batch.
    /// </summary>
    public void WriteAll(IReadOnlyCollection<AuditEntry> entries)
    {
        if (entries.Count == 0)
        {
            return;
        }
        var now = time.GetUtcNow();
        var text = new StringBuilder();
        foreach (var entry in entries)
        {
            text.Append(JsonSerializer.Serialize(entry with { Time = now }, AuditJson.Default.AuditEntry)).Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        lock (_gate)
        {
            Directory.CreateDirectory(directory);
            // One write(2) of the whole batch with O_APPEND: another writer of the file cannot interleave with its lines.
            using var stream = new FileStream(_path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
            stream.Write(bytes);
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
