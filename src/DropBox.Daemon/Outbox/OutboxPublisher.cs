using System.Security.Cryptography;
using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Outbox;

/// <summary>Where a published file is and whether this call put it there.</summary>
/// <param name="Path">Final path in the outbox.</param>
/// <param name="Length">Bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 (equal to the expected one).</param>
/// <param name="AlreadyPresent">True when an identical file was already there (an idempotent re-publish).</param>
internal sealed record OutboxPublishResult(string Path, long Length, string Sha256, bool AlreadyPresent);

/// <summary>
/// Puts a finished ciphertext into a sender's outbox so that the sync job and people only ever see complete
/// files: copy to a hidden temp name in the SAME folder, fsync it, rename it to the final name without ever
/// replacing an existing file, fsync the folder. The pipeline publishes by <see cref="PublishByRename"/>, which
/// moves the already-fsynced ciphertext in without a copy and falls back to this copy when a rename would not give
/// the receiver the same file.
/// </summary>
/// <remarks>
/// Crash safety with the journal: the source stays in the work area until the caller has recorded "in
/// outbox". If the daemon dies between the rename and that record, publishing again finds the final name
/// holding the same SHA-256 and succeeds without writing anything, so nothing appears twice. A different
/// file under the same name is never overwritten (<see cref="OutboxConflictException"/>).
/// </remarks>
internal sealed partial class OutboxPublisher
{
    private readonly OutboxOptions _options;
    private readonly ILogger _logger;

    public OutboxPublisher(OutboxOptions options, ILogger<OutboxPublisher>? logger = null)
    {
        _options = options;
        _logger = logger ?? NullLogger<OutboxPublisher>.Instance;
    }

    /// <summary>Test seam: called with the temp path after it is complete and fsynced, just before the rename.</summary>
    internal Action<string>? BeforeRename { get; set; }

    /// <summary>The outbox of one sender: <c>&lt;root&gt;/club_house/&lt;direction&gt;/gpg-&lt;sender&gt;</c>.</summary>
    public static string OutboxDirectory(string root, string direction, string sender) =>
        Path.Combine(root, "club_house", direction, "gpg-" + sender);

    /// <summary>
    /// Publishes <paramref name="sourcePath"/> (kept; the caller removes it once the journal says "in outbox")
    /// as <paramref name="outboxDirectory"/>/<paramref name="fileName"/>.
    /// </summary>
    /// <param name="sourcePath">The checked ciphertext in the work area.</param>
    /// <param name="outboxDirectory">An existing outbox folder (see <see cref="OutboxDirectory"/>).</param>
    /// <param name="fileName">Deterministic, PHI-free name, e.g. "u-20261122-0f3a9c1b.zip.gpg".</param>
    /// <param name="expectedSha256">The hash recorded when it was encrypted; the copy must match it.</param>
    public OutboxPublishResult Publish(string sourcePath, string outboxDirectory, string fileName, string expectedSha256)
    {
        var (directory, finalPath, existing) = Begin(outboxDirectory, fileName, expectedSha256);
        if (existing is not null)
        {
            return existing;
        }

        var tempPath = Path.Combine(directory, $".{fileName}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        try
        {
            var length = CopyAndFlush(sourcePath, tempPath, expectedSha256);
            BeforeRename?.Invoke(tempPath);
            Diagnostics.CrashPoints.Hit("before-publish-rename");
            if (!PosixFiles.TryRenameNoReplace(tempPath, finalPath))
            {
                // Someone put it there since we looked: identical is fine, different is a conflict.
                File.Delete(tempPath);
                return AlreadyThere(finalPath, fileName, directory, expectedSha256)
                    ?? throw new IOException($"{finalPath} appeared and vanished during publishing: retry.");
            }

            PosixFiles.FsyncDirectory(directory);
            Log.Published(_logger, fileName, length, expectedSha256, directory);
            return new OutboxPublishResult(finalPath, length, expectedSha256, AlreadyPresent: false);
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    /// <summary>What both ways of publishing start with: a valid name, an existing outbox, no stale temp of the name,
    /// and whether the final name already holds this very file (an idempotent re-publish; a different file throws).</summary>
    private (string Directory, string FinalPath, OutboxPublishResult? Existing) Begin(string outboxDirectory, string fileName, string expectedSha256)
    {
        CheckFileName(fileName);
        var directory = ExistingOutbox(outboxDirectory);
        var finalPath = Path.Combine(directory, fileName);
        RemoveStaleTemps(directory, fileName);
        return (directory, finalPath, AlreadyThere(finalPath, fileName, directory, expectedSha256));
    }

    private static string ExistingOutbox(string outboxDirectory)
    {
        var directory = Path.GetFullPath(outboxDirectory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException(
                $"outbox folder {directory} does not exist: create it (dropbox project init does) and give the daemon's user write access.");
        }
        return directory;
    }

    /// <summary>True when <paramref name="path"/> exists and holds exactly <paramref name="sha256"/>: the pipeline's
    /// recovery check for "did the publish before the crash complete?".</summary>
    public static bool IsPublished(string path, string sha256) =>
        File.Exists(path) && string.Equals(FileHash.Sha256(path), sha256, StringComparison.OrdinalIgnoreCase);

    private OutboxPublishResult? AlreadyThere(string finalPath, string fileName, string directory, string expectedSha256)
    {
        if (!File.Exists(finalPath))
        {
            return null;
        }

        var actual = FileHash.Sha256(finalPath);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            Log.Conflict(_logger, fileName, directory);
            throw new OutboxConflictException(
                $"outbox {directory} already holds a different {fileName} (SHA-256 {actual}, expected {expectedSha256}): " +
                "nothing was overwritten; check whether that file was changed or a name was reused, move it aside, then retry.");
        }

        Log.AlreadyPublished(_logger, fileName, directory);
        return new OutboxPublishResult(finalPath, new FileInfo(finalPath).Length, actual, AlreadyPresent: true);
    }

    private long CopyAndFlush(string sourcePath, string tempPath, string expectedSha256)
    {
        using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var target = new FileStream(tempPath, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,   // never reuse a file someone else created
            Access = FileAccess.Write,
            Share = FileShare.None,
            BufferSize = 1 << 16,
        });
        var actual = FileHash.CopyAndHash(source, target);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException(
                $"{sourcePath} no longer matches the SHA-256 recorded when it was encrypted ({actual} ≠ {expectedSha256}): nothing published; encrypt it again.");
        }

        if (_options.Mode is { } mode && !OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(target.SafeFileHandle, mode);
        }

        target.Flush(flushToDisk: true);
        return target.Length;
    }

    private void RemoveStaleTemps(string directory, string fileName)
    {
        foreach (var stale in Directory.EnumerateFiles(directory, $".{fileName}.tmp-*"))
        {
            TryDelete(stale);
            Log.StaleTempRemoved(_logger, stale);
        }
    }

    private static void CheckFileName(string fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName) || fileName.StartsWith('.') || fileName.Contains('/', StringComparison.Ordinal)
            || fileName.AsSpan().IndexOfAny("\0*?") >= 0 || fileName.Contains(".tmp-", StringComparison.Ordinal) || fileName.Length > 200)
        {
            throw new ArgumentException($"'{fileName}' is not a valid outbox name: one plain, visible file name (no '/', '*', '?' or '.tmp-', no leading '.').", nameof(fileName));
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for RemoveStaleTemps on the next publish of this name.
        }
    }
}
