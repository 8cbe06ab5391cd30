namespace DropBox.Daemon.Unpack;

/// <summary>Limits for unpacking an uploaded zip (section "Unpack" of a project).</summary>
internal sealed class UnpackOptions
{
    /// <summary>
    /// How many levels of zip INSIDE the uploaded zip are opened. Default 2: upload.zip ⊃ a.zip ⊃ b.zip is
    /// unpacked; a zip inside b.zip refuses the whole upload (<c>zip-too-deep</c>). 0 refuses any nested zip.
    /// </summary>
    public int MaxDepth { get; set; } = 2;

    /// <summary>Most entries in one upload, nested zips included. Default 20,000.</summary>
    public int MaxEntries { get; set; } = 20_000;

    /// <summary>Most bytes one upload may unpack to, nested zips included. Default 20 GiB.</summary>
    public long MaxTotalBytes { get; set; } = 20L * 1024 * 1024 * 1024;

    /// <summary>
    /// Largest uncompressed/compressed ratio, per entry and for the whole archive. Default 200. Only checked once
    /// an entry (or archive) unpacks to more than <see cref="ZipUnpacker.RatioFloorBytes"/>: tiny files compress
    /// wildly and are harmless.
    /// </summary>
    public int MaxRatio { get; set; } = 200;

    /// <summary>Let members that are not DICOM through (default false: they go to quarantine as <c>not-dicom</c>).</summary>
    public bool AllowNonDicom { get; set; }

    /// <summary>Every problem with these options, each prefixed by <paramref name="prefix"/>.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (MaxDepth is < 0 or > 10)
        {
            yield return $"{prefix}:MaxDepth must be between 0 and 10, not {MaxDepth}.";
        }

        if (MaxEntries < 1)
        {
            yield return $"{prefix}:MaxEntries must be at least 1, not {MaxEntries}.";
        }

        if (MaxTotalBytes < 1)
        {
            yield return $"{prefix}:MaxTotalBytes must be at least 1, not {MaxTotalBytes}.";
        }

        if (MaxRatio < 1)
        {
            yield return $"{prefix}:MaxRatio must be at least 1, not {MaxRatio}.";
        }
    }
}
