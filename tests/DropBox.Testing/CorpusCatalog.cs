using System.Text.Json;
using System.Text.Json.Serialization;

namespace DropBox.Testing;

/// <summary>
/// <c>../shared/dicom-corpus/catalog.json</c>: every corpus file with its transfer syntax and the baseline
/// results of the oracles on the ORIGINAL file (so a test can demand "no worse than the original").
/// </summary>
public sealed class CorpusCatalog
{
    private static readonly Lazy<CorpusCatalog?> _default = new(() =>
        RepoPaths.Corpus is { } corpus ? Load(Path.Combine(corpus, "catalog.json")) : null);

    [JsonPropertyName("file_count")]
    public int FileCount { get; init; }

    [JsonPropertyName("total_bytes")]
    public long TotalBytes { get; init; }

    [JsonPropertyName("files")]
    public IReadOnlyList<CorpusEntry> Files { get; init; } = [];

    /// <summary>The corpus's catalog, or null when the corpus is absent.</summary>
    public static CorpusCatalog? Default => _default.Value;

    /// <summary>Entries of the default catalog, or none when the corpus is absent (for Theory member data).</summary>
    public static IReadOnlyList<CorpusEntry> Entries => Default?.Files ?? [];

    public CorpusEntry this[string path] =>
        Files.FirstOrDefault(f => f.Path == path) ?? throw new KeyNotFoundException($"{path} is not in catalog.json");

    public static CorpusCatalog Load(string catalogJson)
    {
        using var stream = File.OpenRead(catalogJson);
        return JsonSerializer.Deserialize<CorpusCatalog>(stream)
            ?? throw new InvalidDataException($"{catalogJson} is empty");
    }
}

/// <summary>One file of catalog.json. Oracle fields describe the ORIGINAL file.</summary>
public sealed record CorpusEntry
{
    /// <summary>Relative to the corpus folder, with '/' (e.g. "real/pydicom/CT_small.dcm").</summary>
    [JsonPropertyName("path")] public string Path { get; init; } = "";
    [JsonPropertyName("size")] public long Size { get; init; }
    [JsonPropertyName("sha256")] public string Sha256 { get; init; } = "";
    [JsonPropertyName("kinds")] public IReadOnlyList<string> Kinds { get; init; } = [];
    [JsonPropertyName("note")] public string Note { get; init; } = "";
    /// <summary>False for bare datasets (no 128-byte preamble / "DICM").</summary>
    [JsonPropertyName("preamble_dicm")] public bool PreambleDicm { get; init; }
    /// <summary>Null for a bare dataset without meta.</summary>
    [JsonPropertyName("transfer_syntax")] public string? TransferSyntax { get; init; }
    [JsonPropertyName("transfer_syntax_name")] public string? TransferSyntaxName { get; init; }
    [JsonPropertyName("sop_class")] public string? SopClass { get; init; }
    [JsonPropertyName("modality")] public string? Modality { get; init; }
    [JsonPropertyName("charset")] public string? Charset { get; init; }
    /// <summary>NumberOfFrames as stored (text, e.g. "10"; one file has "1A"), null when absent.</summary>
    [JsonPropertyName("frames")] public string? Frames { get; init; }
    [JsonPropertyName("burned_in_annotation")] public string? BurnedInAnnotation { get; init; }
    /// <summary>Exit code of <c>dcmdump -dc --log-level warn</c> on the original.</summary>
    [JsonPropertyName("dcmdump_rc")] public int DcmdumpRc { get; init; }
    /// <summary>Number of W:/E: lines dcmdump printed for the original.</summary>
    [JsonPropertyName("dcmdump_warnings")] public int DcmdumpWarnings { get; init; }
    /// <summary>"ok" or the exception type name of the strict pydicom read of the original.</summary>
    [JsonPropertyName("pydicom_strict")] public string PydicomStrict { get; init; } = "";
    [JsonPropertyName("dciodvfy_errors")] public int DciodvfyErrors { get; init; }
    /// <summary>Key in synthetic/manifest.json for synthetic files, else null.</summary>
    [JsonPropertyName("manifest_key")] public string? ManifestKey { get; init; }
    [JsonPropertyName("planted_values")] public int? PlantedValues { get; init; }

    /// <summary>dcmtk itself cannot read the original (nonzero exit): a reader may refuse it too.</summary>
    public bool DcmtkRefuses => DcmdumpRc != 0;

    /// <summary>The full path of the file in the corpus.</summary>
    public string FullPath => RepoPaths.CorpusFile(Path);

    public override string ToString() => Path;
}
