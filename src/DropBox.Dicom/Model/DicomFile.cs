namespace DropBox.Dicom;

/// <summary>
/// A DICOM file: its meta group as read, its dataset and transfer syntax. Large values still point into
/// the source, so the file stays open until <see cref="Dispose"/>.
/// </summary>
public sealed class DicomFile : IDisposable
{
    private readonly List<DicomWarning> _warnings;
    private readonly DicomSource? _source;
    private readonly DicomSource? _inflated;

    /// <summary>A new file (e.g. built in code): empty meta, rebuilt on save.</summary>
    public DicomFile(DicomDataset dataset, TransferSyntax transferSyntax)
        : this(new DicomDataset(), dataset, transferSyntax, [], null, null) { }

    internal DicomFile(DicomDataset meta, DicomDataset dataset, TransferSyntax transferSyntax, List<DicomWarning> warnings, DicomSource? source, DicomSource? inflated)
    {
        Meta = meta;
        Dataset = dataset;
        TransferSyntax = transferSyntax;
        _warnings = warnings;
        _source = source;
        _inflated = inflated;
    }

    /// <summary>Group 0002 as read (empty for a bare dataset).</summary>
    public DicomDataset Meta { get; }

    public DicomDataset Dataset { get; }

    public TransferSyntax TransferSyntax { get; }

    /// <summary>Tolerated oddities (offset, tag path, what); never values.</summary>
    public IReadOnlyList<DicomWarning> Warnings => _warnings;

    public static DicomFile Open(string path, DicomReadOptions? options = null)
    {
        // Unbuffered: the reader has its own buffer and seeks past large values.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        return DicomFileReader.Read(stream, ownsStream: true, options ?? DicomReadOptions.Default);
    }

    /// <summary>Reads from a seekable stream, which must stay open until this file is disposed.</summary>
    public static DicomFile Open(Stream stream, DicomReadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanSeek)
        {
            throw new ArgumentException("The stream must be seekable (large values are read from it later).", nameof(stream));
        }
        return DicomFileReader.Read(stream, ownsStream: false, options ?? DicomReadOptions.Default);
    }

    /// <summary>
    /// Writes next to the target, reads it back strictly (<see cref="DicomStrictReader"/>) and renames, so a reader
    /// never sees half a file, saving over the source works, and no file is written that a strict reader would reject
    /// or read as another structure (a <see cref="DicomFormatException"/> then says where, and nothing is left behind).
    /// </summary>
    public void Save(string path, DicomWriteOptions? options = null)
    {
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full) ?? ".", $".{Path.GetFileName(full)}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var output = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                Save(output, options);
                output.Flush();
                output.Position = 0;
                if (DicomStrictReader.Read(output).FirstDifference(Dataset) is { } difference)
                {
                    throw new DicomFormatException(0, string.Empty, $"the written file would not read back as the dataset: {difference}");
                }
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
    }

    public void Save(Stream stream, DicomWriteOptions? options = null) =>
        DicomFileWriter.Write(this, stream, options ?? DicomWriteOptions.Default);

    public void Dispose()
    {
        _inflated?.Dispose();
        _source?.Dispose();
    }
}
