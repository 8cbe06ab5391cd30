using ICSharpCode.SharpZipLib.Checksum;
using ICSharpCode.SharpZipLib.Zip;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Unpack;

/// <summary>
/// Packs the de-identified members of a zip upload into one zip, byte-for-byte reproducible: entries sorted by
/// name (ordinal), every timestamp the fixed <see cref="FixedEntryTime"/>, no extra fields, so a re-run after a
/// crash yields the identical file (and the identical encrypted output name/hash downstream).
/// </summary>
internal static class ZipRepacker
{
    /// <summary>The date written on every entry (the DOS epoch; carries no information about the study).</summary>
    public static readonly DateTime FixedEntryTime = new(1980, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);

    /// <summary>
    /// Writes <paramref name="zipPath"/> (via a temp name beside it, renamed into place) holding each file under
    /// its entry name. Entry names must be relative, without <c>..</c>, unique.
    /// </summary>
    /// <param name="compress">Deflate (true) or store (false, default: DICOM pixel data is often compressed already).</param>
    /// <param name="cancellationToken">A stop request: checked between entries and while copying each one; the
    /// temp file is removed and <see cref="OperationCanceledException"/> thrown.</param>
    public static void Pack(IEnumerable<(string Path, string EntryName)> members, string zipPath, bool compress = false,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(members);
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        var ordered = members.OrderBy(m => m.EntryName, StringComparer.Ordinal).ToList();
        var duplicate = ordered.GroupBy(m => m.EntryName, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null || ordered.Any(m => ZipUnpacker.IsUnsafeEntryName(m.EntryName) || m.EntryName.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ArgumentException("Entry names must be unique, relative, use '/' and contain no '..'.", nameof(members));
        }

        var temp = zipPath + ".tmp";
        var fileOptions = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.ReadWrite };
        if (!OperatingSystem.IsWindows())
        {
            fileOptions.UnixCreateMode = PrivateFiles.PrivateFileMode;
        }

        try
        {
            WriteZip(ordered, temp, fileOptions, compress, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            File.Delete(temp);
            throw;
        }

        File.Move(temp, zipPath, overwrite: true);
    }

    private static void WriteZip(List<(string Path, string EntryName)> ordered, string temp, FileStreamOptions fileOptions, bool compress,
        CancellationToken cancellationToken)
    {
        using (var file = new FileStream(temp, fileOptions))
        using (var zip = new ZipOutputStream(file) { IsStreamOwner = false })
        {
            zip.SetLevel(compress ? 6 : 0);
            foreach (var (path, entryName) in ordered)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = new FileInfo(path).Length;
                var entry = new ZipEntry(entryName)
                {
                    DateTime = FixedEntryTime,
                    Size = length,
                    CompressionMethod = compress ? CompressionMethod.Deflated : CompressionMethod.Stored,
                };
                if (!compress)
                {
                    entry.Crc = Crc32Of(path, cancellationToken);
                }

                zip.PutNextEntry(entry);
                using (var input = File.OpenRead(path))
                {
                    Copy(input, zip, cancellationToken);
                }

                zip.CloseEntry();
            }

            zip.Finish();
            file.Flush(flushToDisk: true);
        }
    }

    private static void Copy(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            output.Write(buffer, 0, read);
        }
    }

    private static long Crc32Of(string path, CancellationToken cancellationToken)
    {
        var crc = new Crc32();
        using var input = File.OpenRead(path);
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            crc.Update(new ArraySegment<byte>(buffer, 0, read));
        }

        return crc.Value;
    }
}
