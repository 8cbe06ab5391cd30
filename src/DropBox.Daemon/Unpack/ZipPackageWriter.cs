using ICSharpCode.SharpZipLib.Checksum;
using ICSharpCode.SharpZipLib.Zip;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Unpack;

/// <summary>
/// Writes a package zip entry by entry from memory, in the order the caller adds them (stored, the fixed
/// <see cref="ZipRepacker.FixedEntryTime"/>, no extra fields: the same entries in the same order give the same
/// bytes). The zip grows under a temp name (0600) and appears under its own name only in <see cref="Commit"/>;
/// disposed uncommitted, the temp file is removed, so a stop or a crash never leaves half a package
/// under the name the encrypt step reads. Or it is written straight into a stream (<see cref="Into"/>: gpg's input),
/// leaving nothing on disk; the stream's owner decides what an unfinished zip means.
/// </summary>
internal sealed class ZipPackageWriter : IDisposable
{
    private readonly string? _path;
    private readonly string? _temp;
    private readonly FileStream? _file;
    private readonly ZipOutputStream _zip;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private bool _done;

    public ZipPackageWriter(string zipPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        _path = zipPath;
        _temp = zipPath + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.ReadWrite, BufferSize = 1 << 16 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFiles.PrivateFileMode;
        }
        _file = new FileStream(_temp, options);
        _zip = NewZip(_file);
    }

    private ZipPackageWriter(Stream target) => _zip = NewZip(target);

    /// <summary>A writer whose zip goes into <paramref name="target"/> (left open: its owner finishes it).</summary>
    public static ZipPackageWriter Into(Stream target) => new(target ?? throw new ArgumentNullException(nameof(target)));

    private static ZipOutputStream NewZip(Stream output)
    {
        var zip = new ZipOutputStream(output) { IsStreamOwner = false };
        zip.SetLevel(0);
        return zip;
    }

    /// <summary>Entries written so far.</summary>
    public int Count => _names.Count;

    /// <summary>
    /// A name not used yet: <paramref name="suggested"/> itself, else "_2", "_3"… before its extension (two copies
    /// of one instance in an upload), decided in the order entries are added.
    /// </summary>
    public string FreeName(string suggested)
    {
        if (!_names.Contains(suggested))
        {
            return suggested;
        }
        var stem = Path.ChangeExtension(suggested, null);
        var extension = Path.GetExtension(suggested);
        for (var n = 2; ; n++)
        {
            var candidate = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{stem}_{n}{extension}");
            if (!_names.Contains(candidate))
            {
                return candidate;
            }
        }
    }

    /// <summary>Adds one stored entry. The name must be relative, '/'-separated, without "..", not used yet.</summary>
    public void Add(string entryName, ArraySegment<byte> content)
    {
        if (ZipUnpacker.IsUnsafeEntryName(entryName) || entryName.Contains('\\', StringComparison.Ordinal) || !_names.Add(entryName))
        {
            throw new ArgumentException("Entry names must be unique, relative, use '/' and contain no '..'.", nameof(entryName));
        }
        var crc = new Crc32();
        crc.Update(content);
        _zip.PutNextEntry(new ZipEntry(entryName)
        {
            DateTime = ZipRepacker.FixedEntryTime,
            Size = content.Count,
            // With the compressed size known too, a stream that cannot be seeked back into (gpg's input) still gets a
            // stored entry with its sizes up front; without it SharpZipLib falls back to "deflate at level 0".
            CompressedSize = content.Count,
            Crc = crc.Value,
            CompressionMethod = CompressionMethod.Stored,
        });
        _zip.Write(content.Array!, content.Offset, content.Count);
        _zip.CloseEntry();
    }

    /// <summary>Finishes the zip and renames it to its own name. No fsync: the package lives only until gpg has read
    /// it in this pass, and after a crash the journal still says "claimed", so the next attempt builds it again from
    /// the original (removing whatever is left); forcing 160 MB to disk first was pure cost.</summary>
    public void Commit()
    {
        _zip.Finish();
        _zip.Dispose();
        if (_file is not null)
        {
            _file.Flush();
            _file.Dispose();
            File.Move(_temp!, _path!, overwrite: true);
        }
        _done = true;
    }

    public void Dispose()
    {
        if (_done)
        {
            return;
        }
        _done = true;
        if (_file is null)
        {
            // Not Dispose: that would finish the zip, and a half-made package must not look whole to gpg.
            return;
        }
        _zip.Dispose();
        _file.Dispose();
        File.Delete(_temp!);
    }
}
