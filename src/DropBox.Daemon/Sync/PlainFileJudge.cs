using System.Formats.Tar;
using System.IO.Compression;
using ZipFile = ICSharpCode.SharpZipLib.Zip.ZipFile;
using ZipEntry = ICSharpCode.SharpZipLib.Zip.ZipEntry;

namespace DropBox.Daemon.Sync;

/// <summary>
/// Looks at the CONTENT of one plain file of club_house, never its name, and says whether it may travel:
/// DICOM (Part 10 or a bare dataset), or an archive holding DICOM (zip and tar entries, gzip streams, nested
/// up to a depth), is held. What cannot be looked at to the end within <see cref="PlainFileLimits"/> (7z and
/// other formats without a reader here, encrypted or corrupt entries, caps reached) is held too: fail closed.
/// </summary>
/// <remarks>
/// A file that is neither DICOM nor an archive costs one read of its head. Inside a gzip stream only the head
/// decides unless it is an archive; a tar is read to its end (its data skipped, or decompressed when gzipped).
/// </remarks>
internal sealed class PlainFileJudge(PlainFileLimits? limits = null)
{
    private readonly PlainFileLimits _limits = limits ?? PlainFileLimits.Default;

    /// <exception cref="IOException">The file itself could not be opened or read (it vanished): judge it later.</exception>
    public PlainFileVerdict Judge(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Judge(file);
    }

    /// <summary>Judges a file's content from a seekable stream positioned at its start.</summary>
    internal PlainFileVerdict Judge(Stream file)
    {
        var inspection = new Inspection(_limits);
        try
        {
            inspection.Inspect(file, file.Length, depth: 0, isFile: true);
            return PlainFileVerdict.Travels;
        }
        catch (PlainFileHoldException ex)
        {
            return PlainFileVerdict.Hold(ex.Message);
        }
        catch (Exception ex) when (ex is not IOException or EndOfStreamException)
        {
            // Anything the archive readers choke on (corrupt, truncated, hostile) holds the file; only an I/O
            // error of the file itself (it vanished, the disk failed) is left to the caller to try again later.
            return PlainFileVerdict.Hold(
                $"it is an archive that cannot be read to its end ({inspection.Where}; corrupt, truncated or of an unsupported kind: {ex.GetType().Name}), so what it holds is unknown");
        }
    }

    /// <summary>One file's inspection: the trail of containers it is inside, the entry count and the budget.</summary>
    private sealed class Inspection(PlainFileLimits limits)
    {
        private readonly List<string> _trail = [];
        private readonly PlainFileBudget _budget = new(limits.MaxExpandedBytes);
        private int _entries;

        /// <summary>Where in the file the inspection is, for messages: e.g. "zip entry 3 > gzip content". Never a name.</summary>
        public string Where => _trail.Count == 0 ? "the file itself" : "at " + string.Join(" > ", _trail);

        public void Inspect(Stream stream, long length, int depth, bool isFile)
        {
            var head = new byte[limits.HeadBytes];
            head = head[..stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false)];
            var kind = PlainFileSniffer.Classify(head, length);
            if (kind == PlainContentKind.Other)
            {
                return;
            }

            if (kind == PlainContentKind.Dicom)
            {
                throw Hold(_trail.Count == 0 ? "it is a DICOM file" : "it is an archive holding DICOM");
            }

            if (kind == PlainContentKind.SevenZip)
            {
                throw Hold("it is (or holds) a 7z archive: the daemon has no 7z reader, so it cannot look inside and holds it unopened (fail closed)");
            }

            if (kind == PlainContentKind.UnreadableArchive)
            {
                throw Hold("it is (or holds) a RAR, xz, bzip2 or zstd archive: the daemon has no reader for it, so it cannot look inside and holds it unopened (fail closed)");
            }

            if (depth >= limits.MaxDepth)
            {
                throw Hold($"it holds archives nested more than {limits.MaxDepth} deep, which are not opened (fail closed)");
            }

            // Start the container again from its first byte: seek a file, replay the head otherwise.
            Stream whole = isFile ? Rewind(stream) : new PrefixedStream(head, stream);
            switch (kind)
            {
                case PlainContentKind.Zip:
                    InspectZip(isFile ? whole : Buffer(whole), depth);
                    break;
                case PlainContentKind.Gzip:
                    using (var gzip = new GZipStream(whole, CompressionMode.Decompress, leaveOpen: true))
                    {
                        Inside("gzip content", () => Inspect(new BudgetStream(gzip, _budget), long.MaxValue, depth + 1, isFile: false));
                    }

                    break;
                default:
                    InspectTar(whole, depth);
                    break;
            }
        }

        private void InspectZip(Stream archive, int depth)
        {
            using var zip = new ZipFile(archive, leaveOpen: true);
            foreach (ZipEntry entry in zip)
            {
                CountEntry();
                if (!entry.IsFile)
                {
                    continue;
                }

                var label = $"zip entry {entry.ZipFileIndex + 1}";
                if (entry.IsCrypted || entry.AESKeySize > 0 || !entry.CanDecompress)
                {
                    Inside(label, () => throw Hold("it holds an encrypted zip entry, or one packed with a method the daemon cannot unpack, so its content cannot be looked at (fail closed)"));
                }

                using var input = zip.GetInputStream(entry);
                Inside(label, () => Inspect(new BudgetStream(input, _budget), entry.Size < 0 ? long.MaxValue : entry.Size, depth + 1, isFile: false));
            }
        }

        private void InspectTar(Stream archive, int depth)
        {
            using var tar = new TarReader(archive, leaveOpen: true);
            var index = 0;
            while (tar.GetNextEntry(copyData: false) is { } entry)
            {
                CountEntry();
                index++;
                if (entry.EntryType is TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile
                    && entry.DataStream is { } data)
                {
                    Inside($"tar entry {index}", () => Inspect(data, entry.Length, depth + 1, isFile: false));
                }
            }
        }

        private void CountEntry()
        {
            if (++_entries > limits.MaxEntries)
            {
                throw Hold($"it holds more than {limits.MaxEntries} archive entries; the rest were not looked at (fail closed)");
            }
        }

        /// <summary>Reads a nested zip into memory (a zip is read from its end), within the nested-archive cap.</summary>
        private MemoryStream Buffer(Stream source)
        {
            var memory = new MemoryStream();
            var chunk = new byte[1 << 16];
            int read;
            while ((read = source.Read(chunk)) > 0)
            {
                if (memory.Length + read > limits.MaxNestedArchiveBytes)
                {
                    throw Hold($"it holds a zip of more than {limits.MaxNestedArchiveBytes / (1024 * 1024)} MiB inside an archive, which is not opened (fail closed)");
                }

                memory.Write(chunk, 0, read);
            }

            memory.Position = 0;
            return memory;
        }

        private void Inside(string label, Action action)
        {
            _trail.Add(label);
            action();
            _trail.RemoveAt(_trail.Count - 1);
        }

        private PlainFileHoldException Hold(string what) => new($"{what} ({Where})");

        private static Stream Rewind(Stream stream)
        {
            stream.Position = 0;
            return stream;
        }
    }
}
