namespace DropBox.Daemon.Sync;

/// <summary>
/// How much work <see cref="PlainFileJudge"/> does on one file before it gives up and holds the file
/// (fail closed: what could not be looked at to the end is not sent). Fixed defaults; tests pass smaller ones.
/// </summary>
internal sealed record PlainFileLimits
{
    /// <summary>Leading bytes read of a plain file or an archive member to tell what it is. Default 8 KiB.</summary>
    public int HeadBytes { get; init; } = 8 * 1024;

    /// <summary>Archive entries looked at per file, nested archives included. Default 10,000.</summary>
    public int MaxEntries { get; init; } = 10_000;

    /// <summary>Bytes decompressed per file (gzip streams, tar data inside a gzip, nested archives). Default 1 GiB.</summary>
    public long MaxExpandedBytes { get; init; } = 1L << 30;

    /// <summary>Largest archive inside an archive that is opened (held in memory to be read). Default 64 MiB.</summary>
    public int MaxNestedArchiveBytes { get; init; } = 64 << 20;

    /// <summary>Archives inside archives opened (a zip in a tar.gz is 2 levels below the file). Default 3.</summary>
    public int MaxDepth { get; init; } = 3;

    public static PlainFileLimits Default { get; } = new();
}
