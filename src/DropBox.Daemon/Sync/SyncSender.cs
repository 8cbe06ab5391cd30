using DropBox.Daemon.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;

namespace DropBox.Daemon.Sync;

/// <summary>
/// Sends the admitted files in chunks of <see cref="SyncOptions.FilesPerSession"/>, retrying a chunk that stopped
/// on a transient error through <see cref="SyncRetry"/>, and gives up (leaving the rest to the next run) after
/// <see cref="SyncOptions.MaxAttempts"/> failures in a row.
/// </summary>
/// <remarks>
/// "In a row" means since the last file landed. One Polly execution covers a streak of attempts without
/// progress; an attempt that landed files and then stopped ends its execution, and its failure becomes the first
/// attempt of the next execution (handed back at once, not sent again), so Polly counts it and waits before
/// the next real attempt, exactly as after any other first failure.
/// </remarks>
internal sealed class SyncSender(ILogger logger, TimeProvider time, Random random, SyncChunkTransfer transfer)
{
    /// <param name="pending">The files to send, in order; what is dealt with is removed.</param>
    /// <returns>The final outcome of each file dealt with (files after a give-up have none: they wait untouched).</returns>
    public async Task<List<SyncOutcome>> SendAsync(SyncRun run, List<SyncFileRecord> pending, CancellationToken cancellationToken)
    {
        var outcomes = new List<SyncOutcome>();
        var retry = SyncRetry.ForChunks(run.Options, time, random, (attempt, delay, error) =>
            logger.Retrying(run.Project, attempt, run.Options.MaxAttempts, delay, error.Message, ScrubbedException.From(error)));
        ChunkResult? carried = null;
        while (pending.Count > 0)
        {
            var result = await retry.ExecuteAsync(
                async token =>
                {
                    if (carried is { } firstFailure)
                    {
                        carried = null;
                        return firstFailure;
                    }

                    var attempt = await transfer.AttemptAsync(run, pending.Take(run.Options.FilesPerSession).ToList(), token).ConfigureAwait(false);
                    foreach (var done in attempt.Outcomes.Where(o => !o.IsUnfinished))
                    {
                        pending.Remove(done.File);
                        outcomes.Add(done);
                    }

                    return attempt;
                },
                cancellationToken).ConfigureAwait(false);

            if (result.Stop is not { } stop)
            {
                continue;
            }

            if (result.Progressed && stop.Retryable)
            {
                carried = result.WithoutProgress();
                continue;
            }

            GiveUp(run, result, pending.Count, outcomes);
            break;
        }

        return outcomes;
    }

    /// <summary>The chunk's unfinished files fail once for the whole streak (one attempt counted in the journal).</summary>
    private void GiveUp(SyncRun run, ChunkResult result, int waiting, List<SyncOutcome> outcomes)
    {
        var stop = result.Stop!;
        var unfinished = result.Outcomes.Where(o => o.IsUnfinished).ToList();
        var now = time.GetUtcNow();
        run.Journal.MarkFailed(unfinished.Where(o => !run.Uncertain.Contains(o.File.Id)).Select(o => o.File.Id), stop.Message, now);
        run.Journal.MarkFailed(unfinished.Where(o => run.Uncertain.Contains(o.File.Id)).Select(o => o.File.Id), stop.Message, now, mayHaveLanded: true);
        outcomes.AddRange(unfinished);
        if (stop is SyncHostKeyException)
        {
            logger.HostKeyRejected(run.Project, stop.Message, ScrubbedException.From(stop));
        }
        else
        {
            logger.RunFailed(run.Project, waiting, stop.Message, ScrubbedException.From(stop));
        }
    }
}
