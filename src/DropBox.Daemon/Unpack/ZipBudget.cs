using ICSharpCode.SharpZipLib.Zip;
using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Unpack;

/// <summary>
/// The zip safety limits of one upload, shared by the unpacker (members to disk) and the streaming package builder
/// (members to memory): names, links, encryption, methods and declared sizes from the central directory up front,
/// then the bytes actually read (headers can lie). Nested archives add to the same budget. Not thread-safe: readers
/// in parallel count under their own lock.
/// </summary>
internal sealed class ZipBudget(UnpackOptions options)
{
    private int _entryCount;
    private long _declaredBytes;
    private long _actualBytes;

    /// <summary>Refuses an archive (or a nested one) by its central directory, before any byte is read.</summary>
    public void CheckArchive(List<ZipEntry> entries, long archiveLength)
    {
        _entryCount += entries.Count;
        if (_entryCount > options.MaxEntries)
        {
            throw new ZipRefusedException(ReasonCatalog.ZipBomb, $"The upload has more than {options.MaxEntries} entries.");
        }

        long declared = 0;
        foreach (var entry in entries)
        {
            if (ZipUnpacker.IsUnsafeEntryName(entry.Name))
            {
                throw new ZipRefusedException(ReasonCatalog.ZipSlip, $"Entry {entry.ZipFileIndex} has an absolute or parent-relative path.");
            }

            if (ZipUnpacker.IsLinkEntry(entry))
            {
                throw new ZipRefusedException(ReasonCatalog.ZipLink, $"Entry {entry.ZipFileIndex} is a symbolic link.");
            }

            if (entry.IsCrypted || entry.AESKeySize > 0)
            {
                throw new ZipRefusedException(ReasonCatalog.ZipEncrypted, "The zip is encrypted; ask the sender to upload it without a password.");
            }

            if (entry.IsFile && !entry.CanDecompress)
            {
                throw new ZipRefusedException(ReasonCatalog.ZipCorrupt, $"Entry {entry.ZipFileIndex} uses a compression method the daemon cannot unpack.");
            }

            if (entry.Size < 0 || entry.CompressedSize < 0)
            {
                throw new ZipRefusedException(ReasonCatalog.ZipCorrupt, $"Entry {entry.ZipFileIndex} has no size in the central directory.");
            }

            if (OverRatio(entry.Size, entry.CompressedSize))
            {
                throw new ZipRefusedException(ReasonCatalog.ZipBomb, $"Entry {entry.ZipFileIndex} expands more than {options.MaxRatio} times.");
            }

            declared += entry.Size;
        }

        if (OverRatio(declared, archiveLength))
        {
            throw new ZipRefusedException(ReasonCatalog.ZipBomb, $"The zip expands more than {options.MaxRatio} times.");
        }

        _declaredBytes += declared;
        if (_declaredBytes > options.MaxTotalBytes)
        {
            throw new ZipRefusedException(ReasonCatalog.ZipBomb, $"The upload unpacks to more than {options.MaxTotalBytes} bytes.");
        }
    }

    private bool OverRatio(long uncompressed, long compressed) =>
        uncompressed > ZipUnpacker.RatioFloorBytes && (compressed <= 0 || uncompressed / compressed >= options.MaxRatio);


    /// <summary>Counts <paramref name="read"/> more bytes of <paramref name="entry"/> (<paramref name="copied"/> so far):
    /// never more than declared, never over the upload's total.</summary>
    public void CountRead(ZipEntry entry, long copied, int read)
    {
        _actualBytes += read;
        if (copied > entry.Size)
        {
            throw new ZipRefusedException(ReasonCatalog.ZipBomb, $"Entry {entry.ZipFileIndex} unpacks to more bytes than its header declares.");
        }

        if (_actualBytes > options.MaxTotalBytes)
        {
            throw new ZipRefusedException(ReasonCatalog.ZipBomb, $"The upload unpacks to more than {options.MaxTotalBytes} bytes.");
        }
    }

    /// <summary>An entry that ended before its declared size is a truncated archive.</summary>
    public static void CheckWhole(ZipEntry entry, long copied)
    {
        if (copied != entry.Size)
        {
            throw new ZipRefusedException(ReasonCatalog.ZipCorrupt, $"Entry {entry.ZipFileIndex} is shorter than its header declares.");
        }
    }
}

/// <summary>The whole archive is refused: <see cref="Code"/> from <see cref="ReasonCatalog"/>, a PHI-free message.</summary>
internal sealed class ZipRefusedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
