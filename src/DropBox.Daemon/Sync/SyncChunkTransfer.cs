using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Sync;

/// <summary>
/// One attempt at sending a chunk of files: ask the far end about transfers that may have landed before, upload
/// to temp names, check the sizes, rename, journal <c>sent</c>. Effectively-once: a file is re-uploaded only while
/// the journal cannot prove it landed, and a landed final name is recognised instead of re-sent. Every way the
/// attempt ends is in its <see cref="ChunkResult"/>; a <see cref="SyncTransportException"/> never leaves it.
/// </summary>
/// <param name="afterRemoteRename">Test seam: called after the far end confirmed a rename and before the journal
/// records <c>sent</c>; a test throws here to simulate the daemon being killed in that window. Null in production.</param>
internal sealed class SyncChunkTransfer(ILogger logger, TimeProvider time, Action<IReadOnlyList<SyncFileRecord>>? afterRemoteRename = null)
{
    public async Task<ChunkResult> AttemptAsync(SyncRun run, IReadOnlyList<SyncFileRecord> chunk, CancellationToken cancellationToken)
    {
        var outcomes = new List<SyncOutcome>();
        try
        {
            var rest = await RecoverAsync(run, chunk, outcomes, cancellationToken).ConfigureAwait(false);
            foreach (var gone in rest.Where(r => !File.Exists(run.LocalPath(r))).ToList())
            {
                rest.Remove(gone);
                outcomes.Add(SyncOutcome.Skipped(gone));
            }

            if (rest.Count == 0)
            {
                return new ChunkResult(outcomes);
            }

            var (completed, stop) = await UploadAsync(run, rest, cancellationToken).ConfigureAwait(false);
            await RenameAsync(run, rest.Take(completed).ToList(), outcomes, cancellationToken).ConfigureAwait(false);
            stop ??= completed < rest.Count ? new SyncTransportException("the upload stopped early without an error") : null;
            return Finish(chunk, outcomes, stop);
        }
        catch (SyncTransportException ex)
        {
            return Finish(chunk, outcomes, ex);
        }
    }

    private static ChunkResult Finish(IReadOnlyList<SyncFileRecord> chunk, List<SyncOutcome> outcomes, SyncTransportException? stop)
    {
        if (stop is not null)
        {
            var dealtWith = outcomes.Select(o => o.File.Id).ToHashSet();
            outcomes.AddRange(chunk.Where(r => !dealtWith.Contains(r.Id)).Select(r => SyncOutcome.Unfinished(r, stop)));
        }

        return new ChunkResult(outcomes);
    }

    /// <summary>A file whose earlier transfer may have reached the rename: ask the far end before sending it again.</summary>
    /// <returns>The files of the chunk still to send.</returns>
    private async Task<List<SyncFileRecord>> RecoverAsync(SyncRun run, IReadOnlyList<SyncFileRecord> chunk, List<SyncOutcome> outcomes, CancellationToken cancellationToken)
    {
        var uncertain = chunk.Where(r => run.Uncertain.Contains(r.Id)).ToList();
        if (uncertain.Count == 0)
        {
            return [.. chunk];
        }

        var finals = await run.Transport.GetSizesAsync(uncertain.Select(r => r.RelativePath).ToList(), cancellationToken).ConfigureAwait(false);
        var landed = uncertain.Where(r => HasLanded(r, finals)).ToList();
        run.Uncertain.ExceptWith(uncertain.Select(r => r.Id));
        Landed(run, landed, outcomes, recovered: true);
        return [.. chunk.Except(landed)];
    }

    /// <returns>How many uploads (from the start) finished, and the error that stopped the rest if it may be retried.</returns>
    private static async Task<(int Completed, SyncTransportException? Stop)> UploadAsync(SyncRun run, List<SyncFileRecord> files, CancellationToken cancellationToken)
    {
        // A partial left by an earlier attempt (this run's or a broken run's) of this same content may be continued.
        var uploads = files.Select(r => new RemoteUpload(
            run.LocalPath(r), RemotePaths.TempFor(r.RelativePath), r.PartialIsOfThisContent || run.Started.Contains(r.Id), r.Id)).ToList();
        run.Journal.MarkUploading(files.Select(r => r.Id));
        run.Started.UnionWith(files.Select(r => r.Id));
        try
        {
            var directories = RemotePaths.DirectoriesOf(files.Select(r => r.RelativePath));
            return (await run.Transport.UploadAsync(directories, uploads, cancellationToken).ConfigureAwait(false), null);
        }
        catch (SyncTransportException ex) when (ex.Retryable && ex.CompletedUploads > 0)
        {
            return (ex.CompletedUploads, ex); // the finished ones are checked and renamed before the attempt ends
        }
    }

    private async Task RenameAsync(SyncRun run, List<SyncFileRecord> done, List<SyncOutcome> outcomes, CancellationToken cancellationToken)
    {
        var transport = run.Transport;
        var tempSizes = await transport.GetSizesAsync(done.Select(r => RemotePaths.TempFor(r.RelativePath)).ToList(), cancellationToken).ConfigureAwait(false);
        var verified = new List<SyncFileRecord>();
        var refused = new List<(SyncFileRecord Row, string Reason)>();
        foreach (var row in done)
        {
            var temp = RemotePaths.TempFor(row.RelativePath);
            if (tempSizes.TryGetValue(temp, out var size) && size == row.Size)
            {
                verified.Add(row);
            }
            else
            {
                refused.Add((row, $"the far end held {tempSizes.GetValueOrDefault(temp)} of {row.Size} bytes after the upload (disk full?)"));
            }
        }

        // From here until the rename's answer, a crash leaves these possibly landed: ask before re-sending.
        run.Uncertain.UnionWith(verified.Select(r => r.Id));
        var finalSizes = await transport.RenameAsync(
            verified.Select(r => new RemoteRename(RemotePaths.TempFor(r.RelativePath), r.RelativePath, r.Replace)).ToList(), cancellationToken).ConfigureAwait(false);
        run.Uncertain.ExceptWith(verified.Select(r => r.Id));
        var arrived = verified.Where(r => finalSizes.TryGetValue(r.RelativePath, out var size) && size == r.Size).ToList();
        Landed(run, arrived, outcomes, recovered: false);
        refused.AddRange(verified.Except(arrived).Select(r => (r, "the far end refused the rename: a different file with this name is already there (remove or rename it at the far end)")));
        if (refused.Count == 0)
        {
            return;
        }

        foreach (var (row, reason) in refused)
        {
            run.Journal.MarkFailed([row.Id], reason, time.GetUtcNow());
            logger.FileRefused(run.Project, row.Id, reason);
            outcomes.Add(SyncOutcome.Refused(row, reason));
        }

        await transport.RemoveAsync(refused.Select(r => RemotePaths.TempFor(r.Row.RelativePath)).ToList(), cancellationToken).ConfigureAwait(false);
    }

    private static bool HasLanded(SyncFileRecord row, IReadOnlyDictionary<string, long> finals) =>
        finals.TryGetValue(row.RelativePath, out var size) && size == row.Size

        // A changed file replacing an older version of the same size cannot be told apart by size: send it again.
        && !(row.Replace && row.PreviousSize == row.Size);

    private void Landed(SyncRun run, List<SyncFileRecord> rows, List<SyncOutcome> outcomes, bool recovered)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // Test seam: simulates the daemon dying between the far end's rename and the journal write.
        afterRemoteRename?.Invoke(rows);
        Diagnostics.CrashPoints.Hit("sync-after-remote-rename");
        run.Journal.MarkSent(rows.Select(r => r.Id), time.GetUtcNow());
        outcomes.AddRange(rows.Select(r => SyncOutcome.Sent(r, recovered)));
    }
}
