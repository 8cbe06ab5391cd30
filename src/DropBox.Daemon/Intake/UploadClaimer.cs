using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Intake;

/// <summary>
/// Takes a quiet candidate out of the inbox by an atomic rename(2) into
/// <c>&lt;WorkDirectory&gt;/uploads/&lt;upload-id&gt;/original</c> (folders 0700).
/// </summary>
/// <remarks>
/// Residual risk, and how it is handled: rename moves the inode, not the writer. An SFTP server that still
/// has the file open (a stalled FileZilla transfer that resumes after the quiet period) goes on appending to the
/// claimed inode in the work area. The claim therefore (1) re-checks inode, size and times right before the
/// rename and gives up if anything moved, (2) records the claim, and (3) leaves the final word to
/// <see cref="ClaimedUploadInspector"/>: the claimed file must stay unchanged for
/// <see cref="IntakeOptions.ClaimSettleDelay"/> and its content must be complete, else it waits (up to
/// <see cref="IntakeOptions.IncompleteDeadline"/>) and then goes to quarantine. Nothing is ever copied, so
/// no partial copy can be taken for the whole. A file whose content is visibly incomplete is not claimed at all
/// (<see cref="InboxTriage"/>): it stays in the inbox, where the sender can resume it.
/// </remarks>
internal sealed class UploadClaimer
{
    private readonly string _uploadsDirectory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public UploadClaimer(string workDirectory, TimeProvider time, ILogger<UploadClaimer>? logger = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(workDirectory);
        _uploadsDirectory = Path.Combine(Path.GetFullPath(workDirectory), "uploads");
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary><c>&lt;WorkDirectory&gt;/uploads</c>.</summary>
    public string UploadsDirectory => _uploadsDirectory;

    /// <summary>The folder of one claimed upload (it may be gone: finished, or quarantined).</summary>
    public string DirectoryOf(string uploadId) => Path.Combine(_uploadsDirectory, uploadId);

    /// <summary>Claims <paramref name="candidate"/> for <paramref name="sender"/>.</summary>
    /// <exception cref="CrossFilesystemRenameException">The work directory is on another filesystem than the inbox (a configuration error).</exception>
    /// <param name="incompleteSinceUtc">For a file whose content stayed incomplete in the inbox past the deadline:
    /// its last change there (see <see cref="ClaimedUpload.IncompleteSinceUtc"/>).</param>
    public ClaimOutcome Claim(string sender, UploadCandidate candidate, string? retryOf = null, DateTimeOffset? incompleteSinceUtc = null)
    {
        PrivateFiles.EnsureSafeSegment(sender, nameof(sender));
        ArgumentNullException.ThrowIfNull(candidate);

        var before = UnixFileStatus.TryLStat(candidate.Path);
        if (before is null)
        {
            return ClaimOutcome.Vanished;
        }

        if (before.Value.Kind != UnixFileKind.Regular || !before.Value.SameContentAs(candidate.Status))
        {
            return ClaimOutcome.Changed;
        }

        var uploadId = UploadId.New(_time);
        var upload = new ClaimedUpload(uploadId, sender, _time.GetUtcNow(), before.Value.Size, retryOf, incompleteSinceUtc)
        {
            Directory = DirectoryOf(uploadId),
        };
        PrivateFiles.CreateDirectory(_uploadsDirectory);
        PrivateFiles.CreateDirectory(upload.Directory);
        upload.Save();
        Diagnostics.CrashPoints.Hit("before-claim-rename");

        try
        {
            PosixFiles.RenameNoReplace(candidate.Path, upload.OriginalPath);
        }
        catch (Exception e) when (e is FileNotFoundException or CrossFilesystemRenameException or IOException)
        {
            Directory.Delete(upload.Directory, recursive: true);
            if (e is FileNotFoundException)
            {
                return ClaimOutcome.Vanished;
            }

            throw;
        }

        var after = UnixFileStatus.TryLStat(upload.OriginalPath);
        var grew = after is null || after.Value.Inode != before.Value.Inode || after.Value.Size != before.Value.Size
            || after.Value.LastWriteUtc != before.Value.LastWriteUtc;
        Log.Claimed(_logger, uploadId, sender, before.Value.Size);
        if (grew)
        {
            // Written between our lstat and the rename: the inspector waits until it settles.
            Log.ChangedWhileClaiming(_logger, uploadId);
        }

        return new ClaimOutcome(ClaimStatus.Claimed, upload);
    }

    /// <summary>
    /// Every claimed upload in the work area (for resuming after a restart). A folder whose rename never
    /// happened (claim.json but nothing else, from a crash mid-claim) is removed: its file is still in the inbox;
    /// so is one killed before its claim.json was even in place (nothing or a claim.json temp file in it).
    /// </summary>
    public IReadOnlyList<ClaimedUpload> ListClaimed()
    {
        if (!Directory.Exists(_uploadsDirectory))
        {
            return [];
        }

        var result = new List<ClaimedUpload>();
        foreach (var directory in Directory.EnumerateDirectories(_uploadsDirectory))
        {
            if (!UploadId.IsValid(Path.GetFileName(directory)))
            {
                continue;
            }

            var claim = ClaimedUpload.TryLoad(directory);
            if (claim is null)
            {
                RemoveIfClaimNeverWritten(directory);
                continue;
            }

            var entries = Directory.GetFileSystemEntries(directory);
            if (entries.Length == 1 && UnixFileStatus.TryLStat(claim.OriginalPath) is null)
            {
                Directory.Delete(directory, recursive: true);
                Log.AbandonedClaimRemoved(_logger, claim.UploadId);
                continue;
            }

            result.Add(claim);
        }

        result.Sort((a, b) => a.ClaimedAtUtc.CompareTo(b.ClaimedAtUtc));
        return result;
    }

    /// <summary>A claim killed between making its folder and renaming its claim.json into place: no original can be in
    /// it (the rename comes after claim.json), so nothing of the upload is lost by removing it. Left alone while young,
    /// in case a claim is being made in it right now.</summary>
    private void RemoveIfClaimNeverWritten(string directory)
    {
        if (PrivateFiles.HoldsOnlyAnAbandonedWriteOf(directory, ClaimedUpload.ClaimFileName, _time.GetUtcNow() - AbandonedFolderAge))
        {
            Directory.Delete(directory, recursive: true);
            Log.AbandonedClaimRemoved(_logger, Path.GetFileName(directory));
        }
    }

    /// <summary>How old a folder without claim.json must be before it counts as abandoned.</summary>
    internal static readonly TimeSpan AbandonedFolderAge = TimeSpan.FromMinutes(1);
}
