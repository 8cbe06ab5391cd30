using System.Security.Cryptography;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Sync;

/// <summary>
/// One sync run of one project (the Quartz job and <c>dropbox sync</c> call <see cref="RunOnceAsync"/>):
/// scan → journal → plain-file guard (what the daemon did not publish is judged before it may travel) → recover interrupted transfers → upload to temp names, check sizes, rename, record
/// <c>sent</c> → manifest last → alert on old waiting files. Effectively-once: a file is re-uploaded only
/// while the journal cannot prove it landed, and a landed final name is recognised instead of re-sent.
/// </summary>
internal sealed class SyncRunner
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly Random _random;
    private readonly Action<IReadOnlyList<SyncFileRecord>>? _afterRemoteRename;

    /// <param name="delay">Waits between retries; tests pass a no-op. Default <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>.</param>
    /// <param name="afterRemoteRename">Test seam: called after the far end confirmed a rename and before the journal
    /// records <c>sent</c>; a test throws here to simulate the daemon being killed in that window. Null in production.</param>
    public SyncRunner(
        ILogger logger, TimeProvider? time = null, Func<TimeSpan, CancellationToken, Task>? delay = null, Random? random = null,
        Action<IReadOnlyList<SyncFileRecord>>? afterRemoteRename = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _delay = delay ?? ((d, ct) => Task.Delay(d, _time, ct));
        _random = random ?? Random.Shared;
        _afterRemoteRename = afterRemoteRename;
    }

    /// <param name="guard">Judges every file the daemon did not publish itself before it may be sent (required: the
    /// folder is sent unencrypted, so there is no way to sync without it).</param>
    public async Task<SyncRunResult> RunOnceAsync(
        string project, string sourceDirectory, SyncOptions options, ISyncTransport transport, SyncJournal journal, PlainFileGuard guard,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(guard);
        var run = new RunState(project, sourceDirectory, options, transport, journal, guard);

        var quiet = Reconcile(run, SyncScanner.Scan(sourceDirectory, _time.GetUtcNow(), options.QuietPeriod));
        var pending = new List<SyncFileRecord>();
        foreach (var row in journal.GetFiles(project).Where(r => r.State != SyncFileState.Sent && quiet.Contains(r.RelativePath)))
        {
            if (!MayTravel(run, row))
            {
                continue;
            }

            if (row.RelativePath.Any(char.IsControl))
            {
                Refuse(run, row, "its name contains a control character; rename the file");
                continue;
            }

            pending.Add(row);
            if (row.State is SyncFileState.Uploading)
            {
                run.Uncertain.Add(row.Id);
            }
        }

        pending.Sort((a, b) => a.Attempts != b.Attempts ? a.Attempts.CompareTo(b.Attempts)
            : a.WaitingSince != b.WaitingSince ? a.WaitingSince.CompareTo(b.WaitingSince)
            : string.CompareOrdinal(a.RelativePath, b.RelativePath));
        if (pending.Count > 0)
        {
            _logger.SyncStarting(project, pending.Count, transport.Description);
        }

        await SendAllAsync(run, pending, cancellationToken).ConfigureAwait(false);
        if (run.Recovered > 0)
        {
            _logger.RecoveredAfterCrash(project, run.Recovered);
        }

        if (run.Sent.Count > 0)
        {
            _logger.FilesSent(project, run.Sent.Count);
            await SendManifestAsync(run, cancellationToken).ConfigureAwait(false);
        }

        return Finish(run);
    }

    private HashSet<string> Reconcile(RunState run, IReadOnlyList<ScannedFile> scanned)
    {
        var rows = run.Journal.GetFiles(run.Project).ToDictionary(r => r.RelativePath, StringComparer.Ordinal);
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in scanned)
        {
            var known = rows.TryGetValue(file.RelativePath, out var row);
            if (known && row!.Size == file.Size && row.ModifiedAt == file.ModifiedAt)
            {
                quiet.Add(file.RelativePath);
                continue;
            }

            if (!file.IsQuiet)
            {
                continue; // still being written: looked at again by a later run
            }

            string sha;
            try
            {
                sha = HashFile(file.FullPath);
            }
            catch (IOException)
            {
                continue; // vanished or unreadable right now; a later run sees it again
            }

            quiet.Add(file.RelativePath);
            if (!known)
            {
                run.Journal.AddReady(run.Project, file.RelativePath, file.Size, sha, file.ModifiedAt, file.ModifiedAt);
            }
            else if (sha == row!.Sha256)
            {
                run.Journal.UpdateModified(row.Id, file.ModifiedAt);
            }
            else
            {
                if (row.State == SyncFileState.Sent)
                {
                    _logger.ResendingChangedFile(run.Project, row.Id);
                }

                run.Journal.MarkChanged(row, file.Size, sha, file.ModifiedAt, _time.GetUtcNow());
            }
        }

        var present = scanned.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var vanished = rows.Values.Where(r => r.State != SyncFileState.Sent && !present.Contains(r.RelativePath)).Select(r => r.Id).ToList();
        if (vanished.Count > 0)
        {
            run.Journal.ForgetUnsent(vanished);
            _logger.WaitingFilesVanished(run.Project, vanished.Count);
        }

        return quiet;
    }

    private async Task SendAllAsync(RunState run, List<SyncFileRecord> pending, CancellationToken cancellationToken)
    {
        var failuresInARow = 0;
        while (pending.Count > 0)
        {
            var chunk = pending.Take(run.Options.FilesPerSession).ToList();
            try
            {
                var progressed = await SendChunkAsync(run, chunk, pending, cancellationToken).ConfigureAwait(false);
                failuresInARow = progressed ? 0 : failuresInARow;
                if (run.ChunkError is null)
                {
                    continue;
                }
            }
            catch (SyncTransportException ex)
            {
                run.ChunkError = ex;
            }

            var error = run.ChunkError!;
            run.ChunkError = null;
            var stillPending = chunk.Where(r => pending.Contains(r)).Select(r => r.Id).ToList();
            if (!error.Retryable || ++failuresInARow >= run.Options.MaxAttempts)
            {
                run.Journal.MarkFailed(stillPending.Where(id => !run.Uncertain.Contains(id)), error.Message, _time.GetUtcNow());
                run.Journal.MarkFailed(stillPending.Where(run.Uncertain.Contains), error.Message, _time.GetUtcNow(), mayHaveLanded: true);
                run.FailedIds.UnionWith(stillPending);
                run.Errors.Add(error.Message);
                if (error is SyncHostKeyException)
                {
                    _logger.HostKeyRejected(run.Project, error.Message);
                }
                else
                {
                    _logger.RunFailed(run.Project, pending.Count, error.Message);
                }

                return;
            }

            var delay = Backoff(run.Options, failuresInARow);
            _logger.Retrying(run.Project, failuresInARow, run.Options.MaxAttempts, delay, error.Message);
            await _delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Sends one chunk; removes what landed or was refused from <paramref name="pending"/>. True when any file landed.</summary>
    private async Task<bool> SendChunkAsync(RunState run, List<SyncFileRecord> chunk, List<SyncFileRecord> pending, CancellationToken cancellationToken)
    {
        var transport = run.Transport;

        // A file whose earlier transfer may have reached the rename: ask the far end before sending it again.
        var recovered = 0;
        var uncertain = chunk.Where(r => run.Uncertain.Contains(r.Id)).ToList();
        if (uncertain.Count > 0)
        {
            var finals = await transport.GetSizesAsync(uncertain.Select(r => r.RelativePath).ToList(), cancellationToken).ConfigureAwait(false);
            var landed = uncertain.Where(r => HasLanded(r, finals)).ToList();
            run.Uncertain.ExceptWith(uncertain.Select(r => r.Id));
            run.Recovered += landed.Count;
            recovered = landed.Count;
            Landed(run, landed, pending);
            chunk = [.. chunk.Except(landed)];
        }

        foreach (var gone in chunk.Where(r => !File.Exists(LocalPath(run, r))).ToList())
        {
            pending.Remove(gone);
            chunk.Remove(gone);
        }

        if (chunk.Count == 0)
        {
            return recovered > 0;
        }

        // A partial left by an earlier attempt (this run's or a broken run's) of this same content may be continued.
        var uploads = chunk.Select(r => new RemoteUpload(
            LocalPath(run, r), RemotePaths.TempFor(r.RelativePath), r.PartialIsOfThisContent || run.Started.Contains(r.Id), r.Id)).ToList();
        run.Journal.MarkUploading(chunk.Select(r => r.Id));
        run.Started.UnionWith(chunk.Select(r => r.Id));
        int completed;
        try
        {
            completed = await transport.UploadAsync(RemotePaths.DirectoriesOf(chunk.Select(r => r.RelativePath)), uploads, cancellationToken).ConfigureAwait(false);
        }
        catch (SyncTransportException ex) when (ex.Retryable && ex.CompletedUploads > 0)
        {
            completed = ex.CompletedUploads;
            run.ChunkError = ex;
        }

        var done = chunk.Take(completed).ToList();
        var tempSizes = await transport.GetSizesAsync(done.Select(r => RemotePaths.TempFor(r.RelativePath)).ToList(), cancellationToken).ConfigureAwait(false);
        var verified = new List<SyncFileRecord>();
        var refused = new List<(SyncFileRecord Row, string Reason)>();
        foreach (var row in done)
        {
            if (tempSizes.TryGetValue(RemotePaths.TempFor(row.RelativePath), out var size) && size == row.Size)
            {
                verified.Add(row);
            }
            else
            {
                refused.Add((row, $"the far end held {(tempSizes.TryGetValue(RemotePaths.TempFor(row.RelativePath), out var s) ? s : 0)} of {row.Size} bytes after the upload (disk full?)"));
            }
        }

        // From here until the rename's answer, a crash leaves these possibly landed: ask before re-sending.
        run.Uncertain.UnionWith(verified.Select(r => r.Id));
        var finalSizes = await transport.RenameAsync(
            verified.Select(r => new RemoteRename(RemotePaths.TempFor(r.RelativePath), r.RelativePath, r.Replace)).ToList(), cancellationToken).ConfigureAwait(false);
        run.Uncertain.ExceptWith(verified.Select(r => r.Id));
        var arrived = verified.Where(r => finalSizes.TryGetValue(r.RelativePath, out var size) && size == r.Size).ToList();
        Landed(run, arrived, pending);
        refused.AddRange(verified.Except(arrived).Select(r => (r, "the far end refused the rename: a different file with this name is already there (remove or rename it at the far end)")));

        if (refused.Count > 0)
        {
            foreach (var (row, reason) in refused)
            {
                Refuse(run, row, reason);
                pending.Remove(row);
            }

            await transport.RemoveAsync(refused.Select(r => RemotePaths.TempFor(r.Row.RelativePath)).ToList(), cancellationToken).ConfigureAwait(false);
        }

        if (run.ChunkError is null && completed < chunk.Count)
        {
            run.ChunkError = new SyncTransportException("the upload stopped early without an error");
        }

        return arrived.Count > 0 || recovered > 0;
    }

    private static bool HasLanded(SyncFileRecord row, IReadOnlyDictionary<string, long> finals) =>
        finals.TryGetValue(row.RelativePath, out var size) && size == row.Size

        // A changed file replacing an older version of the same size cannot be told apart by size: send it again.
        && !(row.Replace && row.PreviousSize == row.Size);

    private void Landed(RunState run, List<SyncFileRecord> rows, List<SyncFileRecord> pending)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // Test seam: simulates the daemon dying between the far end's rename and the journal write.
        _afterRemoteRename?.Invoke(rows);
        Diagnostics.CrashPoints.Hit("sync-after-remote-rename");
        run.Journal.MarkSent(rows.Select(r => r.Id), _time.GetUtcNow());
        foreach (var row in rows)
        {
            run.Sent.Add(row);
            pending.Remove(row);
        }
    }

    private void Refuse(RunState run, SyncFileRecord row, string reason)
    {
        run.Journal.MarkFailed([row.Id], reason, _time.GetUtcNow());
        run.FailedIds.Add(row.Id);
        _logger.FileRefused(run.Project, row.Id, reason);
    }

    private async Task SendManifestAsync(RunState run, CancellationToken cancellationToken)
    {
        var name = SyncManifest.NameFor(_time.GetUtcNow());
        var local = Path.Combine(Path.GetTempPath(), $"dropbox-sync-{Guid.NewGuid():N}.sha256");
        try
        {
            // Relative names may identify people: the local copy is readable by the daemon only.
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            var writer = new StreamWriter(local, new System.Text.UTF8Encoding(false), create);
            await using (writer.ConfigureAwait(false))
            {
                await writer.WriteAsync(SyncManifest.Render(run.Sent.Select(r => (r.RelativePath, r.Sha256)))).ConfigureAwait(false);
            }

            var size = new FileInfo(local).Length;
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await run.Transport.UploadAsync([], [new RemoteUpload(local, RemotePaths.TempFor(name))], cancellationToken).ConfigureAwait(false);
                    var finals = await run.Transport.RenameAsync([new RemoteRename(RemotePaths.TempFor(name), name, Replace: false)], cancellationToken).ConfigureAwait(false);
                    if (finals.TryGetValue(name, out var landed) && landed == size)
                    {
                        run.ManifestName = name;
                        _logger.ManifestSent(run.Project, name, run.Sent.Count);
                        return;
                    }

                    throw new SyncTransportException($"the manifest {name} did not land with the right size");
                }
                catch (SyncTransportException ex) when (ex.Retryable && attempt < run.Options.MaxAttempts)
                {
                    var delay = Backoff(run.Options, attempt);
                    _logger.Retrying(run.Project, attempt, run.Options.MaxAttempts, delay, ex.Message);
                    await _delay(delay, cancellationToken).ConfigureAwait(false);
                }
                catch (SyncTransportException ex)
                {
                    run.Errors.Add($"files were sent but the manifest {name} was not: {ex.Message}");
                    _logger.RunFailed(run.Project, 0, run.Errors[^1]);
                    return;
                }
            }
        }
        finally
        {
            File.Delete(local);
        }
    }

    private SyncRunResult Finish(RunState run)
    {
        var now = _time.GetUtcNow();
        run.Journal.RecordRun(run.Project, now, run.Errors.Count == 0 ? null : run.Errors[^1]);
        var status = run.Journal.GetStatus(run.Project, now);
        StaleSyncAlert.RaiseIfDue(_logger, run.Project, status, run.Options.AlertAfter);

        return new SyncRunResult(run.Sent.Count, run.Recovered, run.FailedIds.Count, status.FilesWaiting, status.OldestWaitingAge, run.ManifestName, run.Errors)
        {
            Held = run.Held,
            BytesSent = run.Sent.Sum(r => r.Size), // issue 14: metrics (Notifications seam)
        };
    }

    // Exponential, capped, with "equal jitter" (half fixed, half random) so many projects do not retry in step.
    private TimeSpan Backoff(SyncOptions options, int failures)
    {
        var exponential = options.BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = Math.Min(exponential, options.BackoffCap.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + _random.NextDouble() * capped / 2);
    }

    private static string LocalPath(RunState run, SyncFileRecord row) =>
        Path.Combine(run.SourceDirectory, row.RelativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>
    /// The plain-file guard's gate. Content already judged (the journal's checked hash equals the file's hash) is
    /// not read again; new and changed content is judged once. A held file is in the quarantine and its unsent
    /// row is forgotten; a file that changed or vanished meanwhile waits for the next run's scan.
    /// </summary>
    private bool MayTravel(RunState run, SyncFileRecord row)
    {
        if (row.CheckedSha256 == row.Sha256)
        {
            return true;
        }

        var path = LocalPath(run, row);
        PlainFileOutcome outcome;
        Quarantine.QuarantineItem? item;
        try
        {
            if (!IsAsScanned(path, row))
            {
                return false;
            }

            outcome = run.Guard.Check(row.RelativePath, path, row.Sha256, out item);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            _logger.GuardCouldNotJudge(run.Project, row.Id, ex.GetType().Name);
            return false;
        }

        if (outcome == PlainFileOutcome.Held)
        {
            run.Journal.ForgetUnsent([row.Id]);
            run.Held++;
            _logger.PlainFileHeld(run.Project, row.Id, item!.Id, item.Code, item.Message);
            if (row.State == SyncFileState.Uploading)
            {
                // Only a row from before the guard existed can be mid-transfer without having been judged.
                _logger.HeldFileMayHaveLanded(run.Project, row.Id, item.Id);
            }

            return false;
        }

        // What is sent must be what was judged: a file written to meanwhile waits for the next scan.
        if (!IsAsScanned(path, row))
        {
            return false;
        }

        run.Journal.MarkChecked(row.Id, row.Sha256);
        return true;
    }

    private static bool IsAsScanned(string path, SyncFileRecord row)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length == row.Size && new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) == row.ModifiedAt;
    }

    private static string HashFile(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private sealed class RunState(string project, string sourceDirectory, SyncOptions options, ISyncTransport transport, SyncJournal journal, PlainFileGuard guard)
    {
        public PlainFileGuard Guard { get; } = guard;

        public int Held { get; set; }

        public string Project { get; } = project;

        public string SourceDirectory { get; } = sourceDirectory;

        public SyncOptions Options { get; } = options;

        public ISyncTransport Transport { get; } = transport;

        public SyncJournal Journal { get; } = journal;

        public HashSet<long> Uncertain { get; } = [];

        public HashSet<long> Started { get; } = [];

        public List<SyncFileRecord> Sent { get; } = [];

        public HashSet<long> FailedIds { get; } = [];

        public List<string> Errors { get; } = [];

        public int Recovered { get; set; }

        public string? ManifestName { get; set; }

        public SyncTransportException? ChunkError { get; set; }
    }
}
