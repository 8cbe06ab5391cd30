using System.Text.Json;
using System.Text.Json.Serialization;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Intake;

/// <summary>
/// An upload moved into <c>&lt;WorkDirectory&gt;/uploads/&lt;UploadId&gt;/original</c>, described by the
/// <c>claim.json</c> beside it (written BEFORE the rename, so a crash never leaves an original of unknown sender).
/// </summary>
/// <param name="IncompleteSinceUtc">Set when the file was claimed only because it stayed incomplete in the inbox
/// past <see cref="IntakeOptions.IncompleteDeadline"/>: its last change there, from which that deadline counted.</param>
internal sealed record ClaimedUpload(
    string UploadId,
    string Sender,
    DateTimeOffset ClaimedAtUtc,
    long SizeAtClaim,
    string? RetryOf,
    DateTimeOffset? IncompleteSinceUtc = null)
{
    public const string OriginalFileName = "original";
    public const string ClaimFileName = "claim.json";

    /// <summary>The upload's private folder; set when loaded or claimed.</summary>
    [JsonIgnore]
    public string Directory { get; init; } = "";

    /// <summary>The claimed file itself.</summary>
    [JsonIgnore]
    public string OriginalPath => Path.Combine(Directory, OriginalFileName);

    internal void Save() =>
        PrivateFiles.WriteAllTextAtomic(Path.Combine(Directory, ClaimFileName), JsonSerializer.Serialize(this, ClaimedUploadJson.Default.ClaimedUpload));

    /// <summary>Reads <c>claim.json</c> of an upload folder; null when the folder has none (or an unreadable one).</summary>
    public static ClaimedUpload? TryLoad(string uploadDirectory)
    {
        var file = Path.Combine(uploadDirectory, ClaimFileName);
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            var claim = JsonSerializer.Deserialize(File.ReadAllText(file), ClaimedUploadJson.Default.ClaimedUpload);
            return claim is null || !Intake.UploadId.IsValid(claim.UploadId) ? null : claim with { Directory = uploadDirectory };
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>claim.json's serializer, generated at build time (the native build has no reflection-based JSON).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ClaimedUpload))]
internal sealed partial class ClaimedUploadJson : JsonSerializerContext;
