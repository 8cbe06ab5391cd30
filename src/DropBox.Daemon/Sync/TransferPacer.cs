namespace DropBox.Daemon.Sync;

/// <summary>
/// Keeps a transfer at or below <c>Sync.MaxBytesPerSecond</c>, smoothly: before each small piece leaves, it
/// waits until the piece fits the schedule "bytes sent so far ÷ rate" counted from the transfer's start. The
/// schedule forgives at most <see cref="MaxCredit"/> of idle time (a stall, the gap between files), so the link
/// never sees a catch-up burst, and pieces are small (≈ 20 ms of traffic each) so the rate is even within a second.
/// </summary>
internal sealed class TransferPacer
{
    /// <summary>Idle time that may be made up later at full speed; longer pauses are forgotten.</summary>
    public static readonly TimeSpan MaxCredit = TimeSpan.FromMilliseconds(250);

    // One SFTP write request each: under OpenSSH's 32 KiB channel packet with room for the request header.
    private const int MaxPiece = 32_000;
    private const int MinPiece = 1024;

    private readonly long _bytesPerSecond;
    private readonly TimeProvider _time;
    private long _start;
    private long _sent;
    private bool _started;

    /// <param name="bytesPerSecond">The cap; 0 means unlimited (no waiting at all).</param>
    public TransferPacer(long bytesPerSecond, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        _bytesPerSecond = bytesPerSecond;
        _time = time;
    }

    public bool Unlimited => _bytesPerSecond == 0;

    /// <summary>The size of the pieces to hand to <see cref="WaitAsync"/>: about 20 ms of traffic at the cap.</summary>
    public int PieceSize => Unlimited ? MaxPiece : (int)Math.Clamp(_bytesPerSecond / 50, MinPiece, MaxPiece);

    /// <summary>Waits until <paramref name="bytes"/> more may leave without going over the cap.</summary>
    public async ValueTask WaitAsync(int bytes, CancellationToken cancellationToken)
    {
        if (Reserve(bytes) is { } delay && delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Books <paramref name="bytes"/> on the schedule; how long to wait before they may leave (zero: now).</summary>
    internal TimeSpan Reserve(int bytes)
    {
        if (Unlimited)
        {
            return TimeSpan.Zero;
        }

        var now = _time.GetTimestamp();
        if (!_started)
        {
            _started = true;
            _start = now;
        }

        var elapsed = _time.GetElapsedTime(_start, now);
        var due = TimeSpan.FromSeconds((double)_sent / _bytesPerSecond);
        if (elapsed - due > MaxCredit)
        {
            // Behind schedule after a pause: restart the schedule instead of bursting to catch up.
            _start = now;
            _sent = 0;
            due = TimeSpan.Zero;
            elapsed = TimeSpan.Zero;
        }

        _sent += bytes;
        return due > elapsed ? due - elapsed : TimeSpan.Zero;
    }
}
