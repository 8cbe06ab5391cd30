using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Quarantine;

/// <summary>A quarantined file an admin sent back (<c>dropbox quarantine retry</c>), waiting for the intake to claim it.</summary>
/// <param name="ItemId">The quarantine item it came from (the file is named by it): the new upload's <c>retryOf</c>.</param>
/// <param name="Path">The file in the retry inbox.</param>
/// <param name="Status">Its lstat at listing time; the claim re-checks it before the rename.</param>
internal sealed record RetryRequest(string ItemId, string Path, UnixFileStatus Status);

/// <summary>
/// The quarantine's retry inbox, <c>&lt;WorkDirectory&gt;/retry/&lt;Sender&gt;/&lt;item-id&gt;</c>: where
/// <see cref="QuarantineStore.Retry"/> puts a file for the intake. The quarantine owns this layout; the intake only
/// asks for <see cref="Pending"/> requests and claims them like quiet inbox files (nobody writes here but the daemon,
/// so no quiet period applies).
/// </summary>
internal sealed class RetryInbox
{
    private readonly string _root;

    public RetryInbox(string workDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(workDirectory);
        _root = Path.Combine(Path.GetFullPath(workDirectory), "retry");
    }

    /// <summary>The folder of one sender's retried files (it may not exist).</summary>
    public string DirectoryOf(string sender)
    {
        PrivateFiles.EnsureSafeSegment(sender, nameof(sender));
        return Path.Combine(_root, sender);
    }

    /// <summary>Every retried regular file of <paramref name="sender"/>, oldest change first.</summary>
    public IReadOnlyList<RetryRequest> Pending(string sender)
    {
        var directory = DirectoryOf(sender);
        if (!Directory.Exists(directory))
        {
            return [];
        }
        var requests = new List<RetryRequest>();
        foreach (var path in Directory.EnumerateFileSystemEntries(directory))
        {
            // Only Retry writes here, and only regular files: anything else was not put here by the daemon.
            if (UnixFileStatus.TryLStat(path) is { Kind: UnixFileKind.Regular } status)
            {
                requests.Add(new RetryRequest(Path.GetFileName(path), path, status));
            }
        }
        requests.Sort((a, b) => a.Status.LastChangeUtc.CompareTo(b.Status.LastChangeUtc));
        return requests;
    }

    /// <summary>Creates the sender's folder (0700) for a file about to be retried.</summary>
    internal string Prepare(string sender)
    {
        var directory = DirectoryOf(sender);
        PrivateFiles.CreateDirectory(_root);
        PrivateFiles.CreateDirectory(directory);
        return directory;
    }
}
