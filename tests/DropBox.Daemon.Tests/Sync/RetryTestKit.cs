using System.Threading.Channels;
using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Tests.Sync;

/// <summary>
/// The fake clock of a test, seen through a <see cref="TimeProvider"/> that reports each timer created on it: a
/// retry's wait starts a timer, so the test moves the fake time on exactly when (and by what) the runner waits.
/// </summary>
internal sealed class WatchedClock(FakeTimeProvider fake) : TimeProvider
{
    private readonly Channel<TimeSpan> _waits = Channel.CreateUnbounded<TimeSpan>();

    public override DateTimeOffset GetUtcNow() => fake.GetUtcNow();

    public override long GetTimestamp() => fake.GetTimestamp();

    public override long TimestampFrequency => fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = fake.CreateTimer(callback, state, dueTime, period);
        _waits.Writer.TryWrite(dueTime);
        return timer;
    }

    /// <summary>Waits until <paramref name="run"/> starts waiting on the clock, moves the clock past that wait and returns its length.</summary>
    public async Task<TimeSpan> AdvancePastNextWaitAsync(Task run)
    {
        var next = _waits.Reader.ReadAsync().AsTask();
        Assert.True(await Task.WhenAny(run, next) == next, "the run ended without waiting before a retry");
        Assert.False(run.IsCompleted);
        fake.Advance(next.Result);
        return next.Result;
    }
}

/// <summary>A transport whose first upload calls break off as a dropped connection would, after a scripted number of files.</summary>
internal sealed class FlakyTransport(ISyncTransport inner) : ISyncTransport
{
    public const string Error = "the far server dropped the connection (test)";

    private readonly Dictionary<int, int> _failures = [];

    /// <summary>Upload calls so far (files and manifests alike).</summary>
    public int UploadCalls { get; private set; }

    public string Description => inner.Description;

    /// <summary>The upload call number <paramref name="call"/> (from 1) finishes this many of its files, then fails (retryable).</summary>
    public FlakyTransport FailUpload(int call, int completedBeforeFailure = 0)
    {
        _failures[call] = completedBeforeFailure;
        return this;
    }

    public async Task<int> UploadAsync(IReadOnlyList<string> directories, IReadOnlyList<RemoteUpload> uploads, CancellationToken cancellationToken)
    {
        if (!_failures.TryGetValue(++UploadCalls, out var completed))
        {
            return await inner.UploadAsync(directories, uploads, cancellationToken);
        }

        await inner.UploadAsync(directories, uploads.Take(completed).ToList(), cancellationToken);
        throw new SyncTransportException(Error) { CompletedUploads = completed };
    }

    public Task<IReadOnlyDictionary<string, long>> GetSizesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        inner.GetSizesAsync(paths, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> RenameAsync(IReadOnlyList<RemoteRename> renames, CancellationToken cancellationToken) =>
        inner.RenameAsync(renames, cancellationToken);

    public Task RemoveAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) => inner.RemoveAsync(paths, cancellationToken);

    public void Dispose() => inner.Dispose();
}
