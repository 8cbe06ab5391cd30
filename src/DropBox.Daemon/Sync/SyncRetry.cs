using Polly;
using Polly.Retry;

namespace DropBox.Daemon.Sync;

/// <summary>
/// The retry pipelines of a sync run (Polly): up to <see cref="SyncOptions.MaxAttempts"/> attempts in a row,
/// waiting between them on the run's <see cref="TimeProvider"/> (a fake clock in tests), exponentially from
/// <see cref="SyncOptions.BackoffBase"/> up to <see cref="SyncOptions.BackoffCap"/> with "equal jitter" (half
/// fixed, half random) so many projects do not retry in step.
/// </summary>
internal static class SyncRetry
{
    /// <summary>A chunk attempt is retried when it stopped on a transient error before any file landed.</summary>
    /// <param name="onRetry">Told the number of the failed attempt (1-based), the wait before the next one and the error.</param>
    public static ResiliencePipeline<ChunkResult> ForChunks(
        SyncOptions options, TimeProvider time, Random random, Action<int, TimeSpan, SyncTransportException> onRetry)
    {
        if (options.MaxAttempts <= 1)
        {
            return ResiliencePipeline<ChunkResult>.Empty; // Polly's retry needs at least one retry
        }

        return new ResiliencePipelineBuilder<ChunkResult> { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions<ChunkResult>
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Result is { ShouldRetry: true }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff(options, args.AttemptNumber + 1, random)),
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.RetryDelay, args.Outcome.Result!.Stop!);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>An operation that throws <see cref="SyncTransportException"/> is retried while the error is transient.</summary>
    /// <param name="onRetry">Told the number of the failed attempt (1-based), the wait before the next one and the error.</param>
    public static ResiliencePipeline ForOperation(
        SyncOptions options, TimeProvider time, Random random, Action<int, TimeSpan, SyncTransportException> onRetry)
    {
        if (options.MaxAttempts <= 1)
        {
            return ResiliencePipeline.Empty;
        }

        return new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is SyncTransportException { Retryable: true }),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(Backoff(options, args.AttemptNumber + 1, random)),
                OnRetry = args =>
                {
                    onRetry(args.AttemptNumber + 1, args.RetryDelay, (SyncTransportException)args.Outcome.Exception!);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    /// <summary>The wait after <paramref name="failures"/> failed attempts in a row.</summary>
    internal static TimeSpan Backoff(SyncOptions options, int failures, Random random)
    {
        var exponential = options.BackoffBase.TotalMilliseconds * Math.Pow(2, Math.Min(failures - 1, 20));
        var capped = Math.Min(exponential, options.BackoffCap.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + random.NextDouble() * capped / 2);
    }
}
