using System.Text.Json;
using System.Text.RegularExpressions;
using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Quarantine;

/// <summary>
/// Per-sender quarantine inside the private work area: <c>&lt;WorkDirectory&gt;/quarantine/&lt;Sender&gt;/&lt;item-id&gt;/</c>
/// (0700) holding <c>item</c> and <c>reason.json</c> ({id, code, message, uploadId, sender, time, sha256, size, kind}).
/// </summary>
/// <remarks>
/// Retry does NOT put a file back into the sender's inbox (the sender could see, replace or re-trigger it, and
/// it would wait out the quiet period again). It moves the file into the quarantine's own <see cref="Retries"/>
/// inbox, which the intake claims from like a quiet inbox, passing the old item id as <c>retryOf</c>.
/// </remarks>
internal sealed partial class QuarantineStore
{
    private readonly string _root;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    // Uploads are prepared in parallel, and one upload's purge of its leftover items must not pull a reason.json
    // from under another's listing: listing and purging take turns (reentrant). Put needs no turn: reason.json is
    // written atomically, so a listing sees a whole item or none.
    private readonly Lock _gate = new();

    public QuarantineStore(string workDirectory, TimeProvider time, ILogger<QuarantineStore>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workDirectory);
        _root = Path.Combine(Path.GetFullPath(workDirectory), "quarantine");
        Retries = new RetryInbox(workDirectory);
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Where <see cref="Retry"/> puts files for the intake to claim again.</summary>
    public RetryInbox Retries { get; }

    /// <summary>
    /// Moves <paramref name="sourcePath"/> (a claimed original, an unpacked member, or a refused inbox entry —
    /// a symlink or FIFO is moved as itself, never opened) into a new quarantine item.
    /// </summary>
    /// <param name="uploadId">The upload it belongs to; null for an entry refused before any claim.</param>
    public QuarantineItem Put(string sender, string? uploadId, string sourcePath, QuarantineReason reason)
    {
        PrivateFiles.EnsureSafeSegment(sender, nameof(sender));
        ArgumentException.ThrowIfNullOrEmpty(sourcePath);
        ArgumentNullException.ThrowIfNull(reason);
        if (!CodeShape().IsMatch(reason.Code))
        {
            throw new ArgumentException("A reason code is lower-case letters, digits and '-' (see ReasonCatalog).", nameof(reason));
        }

        var status = UnixFileStatus.LStat(sourcePath);
        var isRegular = status.Kind == UnixFileKind.Regular;
        var id = PhiFreeId.New("q", _time);
        var item = new QuarantineItem(
            id, reason.Code, reason.Message, uploadId, sender, _time.GetUtcNow(),
            isRegular ? FileHash.Sha256(sourcePath) : null,
            status.Size,
            status.Kind.ToString().ToLowerInvariant())
        {
            Directory = Path.Combine(_root, sender, id),
        };

        PrivateFiles.CreateDirectory(_root);
        PrivateFiles.CreateDirectory(Path.Combine(_root, sender));
        PrivateFiles.CreateDirectory(item.Directory);
        // reason.json first: a crash in between leaves an explained empty item, never an unexplained file.
        PrivateFiles.WriteAllTextAtomic(Path.Combine(item.Directory, QuarantineItem.ReasonFileName), JsonSerializer.Serialize(item, QuarantineItemJson.Default.QuarantineItem));
        Diagnostics.CrashPoints.Hit("mid-quarantine");
        MoveInto(sourcePath, item.FilePath, isRegular);
        Log.Quarantined(_logger, id, sender, uploadId, reason.Code);
        return item;
    }

    /// <summary>Every item (of one sender, or of all), oldest first.</summary>
    public IReadOnlyList<QuarantineItem> List(string? sender = null)
    {
        lock (_gate)
        {
            return ListItems(sender);
        }
    }

    private List<QuarantineItem> ListItems(string? sender)
    {
        if (sender is not null)
        {
            PrivateFiles.EnsureSafeSegment(sender, nameof(sender));
        }

        if (!Directory.Exists(_root))
        {
            return [];
        }

        var senders = sender is null ? Directory.EnumerateDirectories(_root) : [Path.Combine(_root, sender)];
        return senders
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(QuarantineItem.TryLoad)
            .OfType<QuarantineItem>()
            .OrderBy(i => i.Time)
            .ThenBy(i => i.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The item with this id, or null.</summary>
    public QuarantineItem? Show(string id)
    {
        if (!IdShape().IsMatch(id ?? "") || !Directory.Exists(_root))
        {
            return null;
        }

        return Directory.EnumerateDirectories(_root)
            .Select(senderDirectory => Path.Combine(senderDirectory, id!))
            .Where(Directory.Exists)
            .Select(QuarantineItem.TryLoad)
            .OfType<QuarantineItem>()
            .FirstOrDefault();
    }

    /// <summary>
    /// Sends a quarantined regular file back to the intake via <see cref="Retries"/> and removes the item.
    /// Returns the file's new path. Refused entries (links, FIFOs) cannot be retried.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No item has this id.</exception>
    /// <exception cref="InvalidOperationException">The item is not a regular file, its file is missing, or its reason
    /// cannot be retried (<see cref="RetryRefusal"/>).</exception>
    public string Retry(string id)
    {
        var item = Show(id) ?? throw new KeyNotFoundException($"No quarantine item '{id}'; 'dropbox quarantine list' shows the ids.");
        if (RetryRefusal(item) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        var status = UnixFileStatus.TryLStat(item.FilePath);
        if (status is null || status.Value.Kind != UnixFileKind.Regular)
        {
            throw new InvalidOperationException($"Quarantine item {item.Id} ({item.Code}) holds no regular file to retry; purge it instead.");
        }

        var target = Path.Combine(Retries.Prepare(item.Sender), item.Id);
        PosixFiles.RenameNoReplace(item.FilePath, target);
        Directory.Delete(item.Directory, recursive: true);
        Log.Retried(_logger, item.Id);
        return target;
    }

    /// <summary>
    /// Why an item cannot be retried, or null. A plain file held in club_house was never an upload: the intake
    /// would take it for a new upload from the sender it is filed under, and putting it back into club_house
    /// would only hold it again. The sender uploads it to their gpg/ inbox instead.
    /// </summary>
    public static string? RetryRefusal(QuarantineItem item) =>
        item.Code == ReasonCatalog.PlainDicomInClubHouse
            ? $"Quarantine item {item.Id} ({item.Code}) is a file found in club_house, not an upload: it cannot be retried. "
                + "Have the sender upload it to their inbox (<SENDER>/gpg/ under the project root), where it is de-identified and encrypted, then purge this item."
            : null;

    /// <summary>Deletes one item; false when there is none with this id.</summary>
    public bool Purge(string id)
    {
        var item = Show(id);
        if (item is null)
        {
            return false;
        }

        Directory.Delete(item.Directory, recursive: true);
        Log.Purged(_logger, item.Id);
        return true;
    }

    /// <summary>Deletes every item (of one sender, or all) quarantined more than <paramref name="olderThan"/> ago; returns how many.</summary>
    public int Purge(TimeSpan olderThan, string? sender = null)
    {
        var cutoff = _time.GetUtcNow() - olderThan;
        var purged = 0;
        foreach (var item in List(sender).Where(i => i.Time < cutoff))
        {
            Directory.Delete(item.Directory, recursive: true);
            Log.Purged(_logger, item.Id);
            purged++;
        }

        return purged;
    }

    /// <summary>
    /// Removes item folders that a kill left before their reason.json was in place: nothing but reason.json's temp file
    /// (or nothing) is in them, since the file moves in only after reason.json. Left alone while younger than
    /// <paramref name="olderThan"/>, in case an item is being made in it right now. Returns how many went.
    /// </summary>
    public int RemoveUnexplained(TimeSpan olderThan)
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }
        var cutoff = _time.GetUtcNow() - olderThan;
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(_root).SelectMany(Directory.EnumerateDirectories))
        {
            if (PrivateFiles.HoldsOnlyAnAbandonedWriteOf(folder, QuarantineItem.ReasonFileName, cutoff))
            {
                Directory.Delete(folder, recursive: true);
                removed++;
            }
        }
        return removed;
    }

    /// <summary>
    /// Removes every item of one upload: the leftovers of an attempt that died before the journal recorded its
    /// outcome, before the upload is quarantined again (whole, or member by member) from the same original.
    /// </summary>
    public void PurgeItemsOf(string sender, string uploadId)
    {
        lock (_gate)
        {
            PurgeItemsOfLocked(sender, uploadId);
        }
    }

    private void PurgeItemsOfLocked(string sender, string uploadId)
    {
        foreach (var item in ListItems(sender).Where(i => i.UploadId == uploadId))
        {
            // The file first: a kill part-way then leaves an explained empty item (purged next time), never a
            // quarantined file whose reason.json is already gone (invisible to every listing, kept forever).
            File.Delete(item.FilePath);
            Diagnostics.CrashPoints.Hit("mid-purge");
            Purge(item.Id);
        }
    }

    private static void MoveInto(string source, string target, bool isRegular)
    {
        try
        {
            PosixFiles.RenameNoReplace(source, target);
        }
        catch (CrossFilesystemRenameException) when (isRegular)
        {
            // Only reachable for a file outside the work area's filesystem; the file is already claimed or refused,
            // so nobody writes to it: copy, flush, then remove the source.
            if (OperatingSystem.IsWindows())
            {
                throw;
            }

            using (var input = File.OpenRead(source))
            using (var output = new FileStream(target, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFiles.PrivateFileMode }))
            {
                input.CopyTo(output);
                output.Flush(flushToDisk: true);
            }

            File.Delete(source);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CodeShape();

    [GeneratedRegex("^q-[0-9]{14}-[0-9a-f]{8}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdShape();
}
