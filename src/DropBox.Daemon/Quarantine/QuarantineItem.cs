using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropBox.Daemon.Quarantine;

/// <summary>
/// One quarantined file: <c>&lt;WorkDirectory&gt;/quarantine/&lt;Sender&gt;/&lt;Id&gt;/item</c> plus the
/// <c>reason.json</c> this record is read from. The original file name is never stored; the SHA-256 identifies it.
/// </summary>
internal sealed record QuarantineItem(
    string Id,
    string Code,
    string Message,
    string? UploadId,
    string Sender,
    DateTimeOffset Time,
    string? Sha256,
    long Size,
    string Kind)
{
    public const string ItemFileName = "item";
    public const string ReasonFileName = "reason.json";

    /// <summary>The item's folder.</summary>
    [JsonIgnore]
    public string Directory { get; init; } = "";

    /// <summary>The quarantined file itself (a regular file, or the refused link/FIFO as it was).</summary>
    [JsonIgnore]
    public string FilePath => Path.Combine(Directory, ItemFileName);

    internal static QuarantineItem? TryLoad(string itemDirectory)
    {
        var file = Path.Combine(itemDirectory, ReasonFileName);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(file), QuarantineItemJson.Default.QuarantineItem) is { } item
                ? item with { Directory = itemDirectory }
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>reason.json's serializer, generated at build time (the native build has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(QuarantineItem))]
internal sealed partial class QuarantineItemJson : JsonSerializerContext;
