using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Outbox;

internal sealed partial class OutboxPublisher
{
    /// <summary>
    /// Publishes the ciphertext by MOVING it from the work area (same filesystem, already fsynced by the encryptor)
    /// into the outbox with a no-replace rename: no second copy of the data to write, hash and fsync. It falls back
    /// to <see cref="Publish"/>'s copy when a rename cannot give the receiver the file a copy would: the work area is
    /// on another filesystem (EXDEV), the outbox folder has a default ACL (a created file inherits it, a renamed one
    /// does not), or the folder is setgid and its group cannot be given to the file. The renamed file gets
    /// <see cref="OutboxOptions.Mode"/>, or without one the mode a created file gets (0666 minus the umask).
    /// </summary>
    /// <param name="sourceChecked">True when the caller hashed the source itself just now (the encryptor does, while
    /// it writes); false for a ciphertext found in the work area after a restart, whose SHA-256 is checked first.</param>
    /// <param name="flushDirectory">False when the caller fsyncs the outbox folder once for a whole batch
    /// (<see cref="PosixFiles.FsyncDirectory"/>) before it journals any of the batch as published.</param>
    public OutboxPublishResult PublishByRename(string sourcePath, string outboxDirectory, string fileName, string expectedSha256,
        bool sourceChecked, bool flushDirectory = true)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The DropBox daemon runs on Linux only.");
        }
        var (directory, finalPath, existing) = Begin(outboxDirectory, fileName, expectedSha256);
        if (existing is not null)
        {
            return existing;
        }
        if (!File.Exists(sourcePath))
        {
            throw new IOException($"{fileName} is neither in the work area nor in the outbox {directory}: it was moved out of the outbox " +
                "before it was journaled as published; check whether the far site has it ('dropbox status'); the upload stays Encrypted and is retried every pass.");
        }
        if (!sourceChecked)
        {
            CheckSource(sourcePath, expectedSha256);
        }
        if (ModeForRename(directory, sourcePath) is not { } mode)
        {
            Log.CopiedInsteadOfRenamed(_logger, fileName, directory);
            return Publish(sourcePath, directory, fileName, expectedSha256);
        }
        File.SetUnixFileMode(sourcePath, mode);
        var length = new FileInfo(sourcePath).Length;
        BeforeRename?.Invoke(sourcePath);
        Diagnostics.CrashPoints.Hit("before-publish-rename");
        bool renamed;
        try
        {
            renamed = PosixFiles.TryRenameNoReplace(sourcePath, finalPath);
        }
        catch (CrossFilesystemRenameException)
        {
            Log.CopiedInsteadOfRenamed(_logger, fileName, directory);
            return Publish(sourcePath, directory, fileName, expectedSha256);
        }
        if (!renamed)
        {
            // Someone put it there since we looked: identical is fine, different is a conflict (nothing replaced).
            return AlreadyThere(finalPath, fileName, directory, expectedSha256)
                ?? throw new IOException($"{finalPath} appeared and vanished during publishing: retry.");
        }
        if (flushDirectory)
        {
            PosixFiles.FsyncDirectory(directory);
        }
        Log.Published(_logger, fileName, length, expectedSha256, directory);
        return new OutboxPublishResult(finalPath, length, expectedSha256, AlreadyPresent: false);
    }

    /// <summary>The mode the renamed file must carry, or null when only a copy gives the receiver the same file.</summary>
    private UnixFileMode? ModeForRename(string directory, string sourcePath)
    {
        if ((_options.Mode ?? ProcessUmask.NewFileMode) is not { } mode)
        {
            return null;
        }
        var folder = OutboxFolderFacts.Of(directory);
        if (folder.HasDefaultAcl)
        {
            return null;
        }
        if (folder.SetGidGroup is { } group && OutboxFolderFacts.GroupOf(sourcePath) != group && !OutboxFolderFacts.TryChangeGroup(sourcePath, group))
        {
            return null;
        }
        return mode;
    }

    private static void CheckSource(string sourcePath, string expectedSha256)
    {
        var actual = FileHash.Sha256(sourcePath);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new IOException(
                $"{Path.GetFileName(sourcePath)} no longer matches the SHA-256 recorded when it was encrypted ({actual} ≠ {expectedSha256}): nothing published; encrypt it again.");
        }
    }
}
