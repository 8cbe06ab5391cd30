using System.Globalization;
using ICSharpCode.SharpZipLib.Zip;

namespace DropBox.Daemon.Unpack;

/// <summary>One file entry of an uploaded zip: its position among the files (1-based), its entry index, its size.</summary>
internal sealed record ZipMember(int Number, long ZipFileIndex, long Size)
{
    /// <summary>Where it came from without its name, as the unpacker says it ("7" is entry 7).</summary>
    public string EntryIndex => ZipFileIndex.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// The members of a claimed zip, read straight into memory one by one (no unpacked copy on disk), behind the same
/// safety checks as <see cref="ZipUnpacker"/>: the central directory is judged whole before any member is read
/// (<see cref="ZipBudget"/>), and every member's real bytes are counted while read. An archive this cannot carry
/// in memory (a member over <see cref="InMemoryLimit"/>) says so by <see cref="FitsInMemory"/>; a nested zip is
/// seen only when its member is read (<see cref="DicomSniffer.LooksLikeZip"/>) and left to the caller.
/// </summary>
/// <exception cref="ZipRefusedException">The archive is refused whole (zip-slip, link, encrypted, bomb…).</exception>
/// <exception cref="ZipException">The archive cannot be read (also <see cref="EndOfStreamException"/>,
/// <see cref="InvalidDataException"/>): corrupt or truncated.</exception>
internal sealed class ZipMemberSource : IDisposable
{
    /// <summary>Largest member held in memory (64 MiB): larger ones go through the unpacker, so a few parallel
    /// members never need more than a few hundred MB.</summary>
    public const long InMemoryLimit = 64L * 1024 * 1024;

    private readonly ZipFile _zip;
    private readonly ZipBudget _budget;

    public ZipMemberSource(string zipPath, UnpackOptions options)
    {
        _zip = new ZipFile(zipPath);
        try
        {
            _budget = new ZipBudget(options);
            var entries = _zip.Cast<ZipEntry>().ToList();
            _budget.CheckArchive(entries, new FileInfo(zipPath).Length);
            var number = 0;
            Members = entries.Where(e => e.IsFile).Select(e => new ZipMember(++number, e.ZipFileIndex, e.Size)).ToList();
        }
        catch
        {
            _zip.Close();
            throw;
        }
    }

    /// <summary>The file entries, in entry order.</summary>
    public IReadOnlyList<ZipMember> Members { get; }

    public bool FitsInMemory => Members.All(m => m.Size <= InMemoryLimit);

    /// <summary>Reads one member whole: never more bytes than declared, never fewer, never over the upload's total.</summary>
    public byte[] Read(ZipMember member, CancellationToken cancellationToken)
    {
        if (member.Size > InMemoryLimit)
        {
            throw new InvalidOperationException("A member over the in-memory limit must go through the unpacker.");
        }
        var entry = _zip[(int)member.ZipFileIndex];
        var content = new byte[member.Size];
        using var input = _zip.GetInputStream(entry);
        long copied = 0;
        int read;
        while (copied < content.Length && (read = input.Read(content, (int)copied, (int)Math.Min(content.Length - copied, 1 << 20))) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            copied += read;
            _budget.CountRead(entry, copied, read);
        }
        var beyond = new byte[1];
        if (copied == content.Length && input.Read(beyond, 0, 1) > 0)
        {
            _budget.CountRead(entry, copied + 1, 1); // refuses: more bytes than the header declares
        }
        ZipBudget.CheckWhole(entry, copied);
        return content;
    }

    public void Dispose() => _zip.Close();
}
