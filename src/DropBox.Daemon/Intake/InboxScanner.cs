using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Intake;

/// <summary>
/// Lists a sender's inbox (<c>&lt;Root&gt;/&lt;Sender&gt;/gpg/</c>, subfolders included) and sorts every entry into
/// complete candidates, refused entries, waiting files and ignored temp names. The scan is the source of truth;
/// a file watcher may only wake it.
/// </summary>
/// <remarks>
/// Decisions:
/// <list type="bullet">
/// <item>Each regular file is its own upload, wherever it sits: a folder of DICOM files is N loose-DICOM uploads,
/// a zip is one upload. Folders are containers only, so a half-uploaded folder never holds back its finished files.</item>
/// <item>Quiet means "no change to mtime AND ctime for the quiet period". ctime cannot be set by a client, so a
/// client that restores an old mtime (FileZilla's "preserve timestamps") cannot make a growing file look quiet.</item>
/// <item>Recursion is done here, one directory at a time with lstat semantics, so a symlinked directory is refused
/// as a symlink and never descended. Dot-directories (e.g. an SFTP server's temp area) are skipped whole.</item>
/// <item>No entry is opened: a FIFO would block the reader.</item>
/// </list>
/// </remarks>
internal sealed class InboxScanner
{
    /// <summary>Folders nested deeper than this inside an inbox are not descended (a guard, not a feature).</summary>
    public const int MaxFolderDepth = 16;

    private static readonly string[] TempSuffixes = [".filepart", ".part", ".partial", ".tmp"];

    private static readonly EnumerationOptions OneLevel = new()
    {
        AttributesToSkip = 0,
        RecurseSubdirectories = false,
        IgnoreInaccessible = false,
        ReturnSpecialDirectories = false,
        MatchType = MatchType.Simple,
    };

    private readonly TimeProvider _time;

    public InboxScanner(TimeProvider time)
    {
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    /// <summary>True for names an SFTP client or server uses while a transfer is in progress, and for dotfiles.</summary>
    public static bool IsTemporaryName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name[0] == '.')
        {
            return true;
        }

        foreach (var suffix in TempSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Scans <paramref name="inboxDirectory"/>; a missing inbox gives an empty scan.</summary>
    /// <exception cref="IOException">The inbox is not a real directory, or a folder in it cannot be read (message without names).</exception>
    public InboxScan Scan(string inboxDirectory, TimeSpan quietPeriod)
    {
        ArgumentException.ThrowIfNullOrEmpty(inboxDirectory);
        var root = UnixFileStatus.TryLStat(inboxDirectory);
        if (root is null)
        {
            return new InboxScan([], [], 0, 0);
        }

        if (root.Value.Kind != UnixFileKind.Directory)
        {
            throw new IOException("The inbox is not a plain directory (a symlink or a file?); the daemon never follows links out of an inbox. Make <Root>/<Sender>/gpg a real directory.");
        }

        var now = _time.GetUtcNow();
        var state = new ScanState();
        Walk(inboxDirectory, 0, now, quietPeriod, state);
        state.Complete.Sort((a, b) => a.Status.LastChangeUtc.CompareTo(b.Status.LastChangeUtc));
        return new InboxScan(state.Complete, state.Refused, state.Waiting, state.Ignored, state.UnderTemporaryNames);
    }

    private static void Walk(string directory, int depth, DateTimeOffset now, TimeSpan quietPeriod, ScanState state)
    {
        var entries = ListOneLevel(directory);
        if (entries.Any(e => UndecodableNames.LooksUndecodable(Path.GetFileName(e))) && UndecodableNames.RenameInPlace(directory) > 0)
        {
            // Renamed entries count as just changed: they wait out the quiet period under their new names.
            entries = ListOneLevel(directory);
        }

        foreach (var path in entries)
        {
            if (IsTemporaryName(Path.GetFileName(path)))
            {
                state.Ignored++;
                if (UnixFileStatus.TryLStat(path) is { Kind: UnixFileKind.Regular })
                {
                    state.UnderTemporaryNames++;
                }
                continue;
            }

            var status = UnixFileStatus.TryLStat(path);
            if (status is null)
            {
                continue; // vanished between listing and lstat (e.g. a client renamed it)
            }

            switch (status.Value.Kind)
            {
                case UnixFileKind.Directory:
                    if (depth < MaxFolderDepth)
                    {
                        Walk(path, depth + 1, now, quietPeriod, state);
                    }
                    else
                    {
                        state.Ignored++;
                    }

                    break;
                case UnixFileKind.Regular:
                    if (now - status.Value.LastChangeUtc >= quietPeriod)
                    {
                        state.Complete.Add(new UploadCandidate(path, status.Value));
                    }
                    else
                    {
                        state.Waiting++;
                    }

                    break;
                case UnixFileKind.Symlink:
                    state.Refused.Add(new RefusedEntry(path, UnixFileKind.Symlink, ReasonCatalog.Symlink));
                    break;
                default:
                    state.Refused.Add(new RefusedEntry(path, status.Value.Kind, ReasonCatalog.SpecialFile));
                    break;
            }
        }
    }

    private static List<string> ListOneLevel(string directory)
    {
        try
        {
            return [.. Directory.EnumerateFileSystemEntries(directory, "*", OneLevel)];
        }
        catch (DirectoryNotFoundException)
        {
            return []; // a sender removed the folder while we looked
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET's message would carry the folder's name, which may be PHI (e.g. a patient's name).
            throw new IOException($"A folder in the inbox cannot be listed ({e.GetType().Name}); give the daemon's user read and execute permission on the whole inbox tree.");
        }
    }

    private sealed class ScanState
    {
        public List<UploadCandidate> Complete { get; } = [];

        public List<RefusedEntry> Refused { get; } = [];

        public int Waiting { get; set; }

        public int Ignored { get; set; }

        public int UnderTemporaryNames { get; set; }
    }
}
