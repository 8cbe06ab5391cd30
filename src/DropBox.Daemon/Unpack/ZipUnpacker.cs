using System.Globalization;
using DropBox.Daemon.Quarantine;
using ICSharpCode.SharpZipLib.Zip;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Unpack;

/// <summary>
/// Unpacks an uploaded zip into generated, safe names, or refuses the WHOLE archive: zip-slip names, link entries,
/// encryption, size/ratio/entry-count over the limits, nesting too deep, or a corrupt archive. Declared sizes are
/// checked up front from the central directory, and actual bytes are counted while extracting (headers can lie).
/// </summary>
internal sealed class ZipUnpacker
{
    /// <summary>Ratios are only judged above this many uncompressed bytes (an entry, or the whole archive).</summary>
    public const long RatioFloorBytes = 1024 * 1024;

    private readonly ILogger _logger;

    public ZipUnpacker(ILogger<ZipUnpacker>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>
    /// Unpacks <paramref name="zipPath"/> into <paramref name="destinationDirectory"/> (created 0700 if missing).
    /// On refusal every file this call wrote is removed again. A corrupt central directory is <c>zip-corrupt</c>
    /// here: the intake's <c>Intake/CompletenessProbe</c> has already waited out the incomplete deadline
    /// for zips that did not open, so this only sees archives that opened once.
    /// </summary>
    /// <exception cref="IOException">Writing the members failed (disk full, permissions): retry later.</exception>
    /// <exception cref="OperationCanceledException">A stop was requested (checked between entries and while copying
    /// each one, so even a multi-GB member stops at once); every file this call wrote is removed again.</exception>
    public UnpackResult Unpack(string zipPath, string destinationDirectory, UnpackOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(zipPath);
        ArgumentException.ThrowIfNullOrEmpty(destinationDirectory);
        ArgumentNullException.ThrowIfNull(options);

        PrivateFiles.CreateDirectory(destinationDirectory);
        var run = new UnpackRun(destinationDirectory, options, cancellationToken);
        try
        {
            run.Expand(zipPath, depth: 0, indexPrefix: "");
            Log.Unpacked(_logger, run.Members.Count, run.SetAside.Count);
            return UnpackResult.Ok(run.Members, run.SetAside);
        }
        catch (OperationCanceledException)
        {
            run.RemoveWrittenFiles();
            throw;
        }
        catch (ZipRefusedException e)
        {
            run.RemoveWrittenFiles();
            Log.Refused(_logger, e.Code);
            return UnpackResult.Refused(e.Code, e.Message);
        }
        catch (Exception e) when (e is ZipException or EndOfStreamException or InvalidDataException)
        {
            // Only the archive's own faults. Other IOExceptions (disk full, permissions) propagate: they are the
            // daemon's problem, and quarantining a good upload for them would be wrong; the pipeline retries later.
            run.RemoveWrittenFiles();
            Log.Refused(_logger, ReasonCatalog.ZipCorrupt);
            return UnpackResult.Refused(ReasonCatalog.ZipCorrupt, $"The zip cannot be read ({e.GetType().Name}): corrupt or truncated.");
        }
    }

    /// <summary>True when an entry name would land outside the extraction folder if used as a path.</summary>
    public static bool IsUnsafeEntryName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('\0', StringComparison.Ordinal))
        {
            return true;
        }

        var normalized = name.Replace('\\', '/');
        if (normalized[0] == '/' || (normalized.Length >= 2 && char.IsAsciiLetter(normalized[0]) && normalized[1] == ':'))
        {
            return true;
        }

        return normalized.Split('/').Any(segment => segment == "..");
    }

    /// <summary>True for an entry whose Unix mode (high 16 bits of the external attributes) says symlink.</summary>
    public static bool IsLinkEntry(ZipEntry entry) => ((entry.ExternalFileAttributes >> 16) & 0xF000) == 0xA000;

    private sealed class UnpackRun(string destination, UnpackOptions options, CancellationToken cancellationToken)
    {
        private readonly List<string> _written = [];
        private readonly ZipBudget _budget = new(options);
        private int _memberNumber;

        public List<UnpackedMember> Members { get; } = [];

        public List<UnpackedMember> SetAside { get; } = [];

        public void Expand(string zipPath, int depth, string indexPrefix)
        {
            using var zip = new ZipFile(zipPath);
            var entries = zip.Cast<ZipEntry>().ToList();
            _budget.CheckArchive(entries, new FileInfo(zipPath).Length);
            foreach (var entry in entries.Where(e => e.IsFile))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var index = indexPrefix + entry.ZipFileIndex.ToString(CultureInfo.InvariantCulture);
                var temp = Path.Combine(destination, $".extracting-{++_memberNumber:00000}");
                Extract(zip, entry, temp);
                var head = DicomSniffer.ReadHead(temp);
                if (DicomSniffer.LooksLikeZip(head))
                {
                    if (depth >= options.MaxDepth)
                    {
                        throw new ZipRefusedException(ReasonCatalog.ZipTooDeep, $"The upload holds zips nested more than {options.MaxDepth} deep.");
                    }

                    Expand(temp, depth + 1, index + "/");
                    File.Delete(temp);
                    continue;
                }

                var isDicom = DicomSniffer.IsPart10(head) || DicomSniffer.IsPlausibleBareDataset(head, new FileInfo(temp).Length);
                var name = string.Create(CultureInfo.InvariantCulture, $"m{_memberNumber:00000}{(isDicom ? ".dcm" : ".bin")}");
                var path = Path.Combine(destination, name);
                File.Move(temp, path);
                _written.Add(path);
                var member = new UnpackedMember(name, path, isDicom, index);
                (isDicom || options.AllowNonDicom ? Members : SetAside).Add(member);
            }
        }

        public void RemoveWrittenFiles()
        {
            foreach (var path in _written)
            {
                File.Delete(path);
            }

            _written.Clear();
        }

        /// <summary>Copies one entry, counting real bytes: never more than declared, never over the total budget.</summary>
        private void Extract(ZipFile zip, ZipEntry entry, string target)
        {
            _written.Add(target);
            var fileOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                fileOptions.UnixCreateMode = PrivateFiles.PrivateFileMode;
            }

            using var input = zip.GetInputStream(entry);
            using var output = new FileStream(target, fileOptions);
            var buffer = new byte[81920];
            long copied = 0;
            int read;
            while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                copied += read;
                _budget.CountRead(entry, copied, read);
                output.Write(buffer, 0, read);
            }

            ZipBudget.CheckWhole(entry, copied);
        }
    }
}
