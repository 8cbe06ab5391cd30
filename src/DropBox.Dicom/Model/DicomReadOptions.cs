namespace DropBox.Dicom;

/// <summary>How the reader treats large values and hostile input.</summary>
public sealed class DicomReadOptions
{
    /// <summary>Values longer than this stay in the source stream (default 64 KiB).</summary>
    public int LargeValueThreshold { get; init; } = 64 * 1024;

    /// <summary>Sequences nested deeper than this are refused (default 64).</summary>
    public int MaxDepth { get; init; } = 64;

    /// <summary>
    /// The most a deflated dataset may inflate to (default 4 GiB): beyond it the file is refused as unreadable, so a
    /// deflate bomb (a few KB that inflate to terabytes) cannot fill the temp folder.
    /// </summary>
    public long MaxInflatedBytes { get; init; } = 4L << 30;

    /// <summary>Where a deflated dataset is inflated to (default: the system temp folder).</summary>
    public string? TempDirectory { get; init; }

    internal static readonly DicomReadOptions Default = new();
}

/// <summary>How the writer builds the file meta information.</summary>
public sealed class DicomWriteOptions
{
    /// <summary>(0002,0012) Implementation Class UID written into every file (default: the project's UID).</summary>
    public string ImplementationClassUid { get; init; } = DefaultImplementationClassUid;

    /// <summary>(0002,0013) Implementation Version Name (default "DROPBOX_" + the assembly version, max 16 chars).</summary>
    public string ImplementationVersionName { get; init; } = DefaultImplementationVersionName;

    /// <summary>Compression level for a deflated transfer syntax.</summary>
    public System.IO.Compression.CompressionLevel DeflateLevel { get; init; } = System.IO.Compression.CompressionLevel.Optimal;

    /// <summary>A fixed UUID-derived root (2.25) invented for this project.</summary>
    public const string DefaultImplementationClassUid = "2.25.198784480798263652300163588553037657827";

    public static readonly string DefaultImplementationVersionName =
        "DROPBOX_" + (typeof(DicomWriteOptions).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}" : "0.1");

    internal static readonly DicomWriteOptions Default = new();
}
