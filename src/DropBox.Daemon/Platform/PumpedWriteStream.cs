using System.Buffers;
using System.Threading.Channels;

namespace DropBox.Daemon.Platform;

/// <summary>
/// A write-only stream whose bytes a background pump copies into <c>target</c>, with at most <c>capacity</c> chunks
/// queued in between. The writer (the de-identification, building a zip) goes on with its next members while a
/// slower reader (gpg, one core) catches up, and waits only when that much is queued: without the queue the two
/// would take turns, each idle while the other works.
/// </summary>
/// <remarks>
/// A failure of the target (gpg died: a broken pipe) ends the queue with that error, so the writer's next write
/// throws instead of waiting forever. <see cref="Complete"/> hands over the last chunk, waits for the pump and
/// closes the target; disposing without completing stops the pump and leaves the target open for its owner.
/// </remarks>
internal sealed class PumpedWriteStream : Stream
{
    private readonly Stream _target;
    private readonly int _chunkSize;
    private readonly Channel<(byte[] Buffer, int Count)> _queue;
    private readonly Task _pump;
    private byte[]? _chunk;
    private int _filled;
    private long _written;
    private bool _ended;

    public PumpedWriteStream(Stream target, int chunkSize = 1 << 20, int capacity = 8)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _target = target;
        _chunkSize = chunkSize;
        _queue = Channel.CreateBounded<(byte[], int)>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        _pump = Task.Run(PumpAsync);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_ended;

    public override long Length => throw new NotSupportedException();

    /// <summary>Bytes written so far (the zip writer asks for its offsets).</summary>
    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        while (!buffer.IsEmpty)
        {
            _chunk ??= ArrayPool<byte>.Shared.Rent(_chunkSize);
            var take = Math.Min(buffer.Length, _chunkSize - _filled);
            buffer[..take].CopyTo(_chunk.AsSpan(_filled));
            _filled += take;
            _written += take;
            buffer = buffer[take..];
            if (_filled == _chunkSize)
            {
                Hand();
            }
        }
    }

    /// <summary>Queued chunks go out on their own; a flush does not wait for them (see <see cref="Complete"/>).</summary>
    public override void Flush()
    {
    }

    /// <summary>Hands over what is buffered, waits until the pump has written everything, and closes the target.</summary>
    /// <exception cref="IOException">The target failed (e.g. the reading process ended early).</exception>
    public void Complete()
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        if (_filled > 0)
        {
            Hand();
        }
        _ended = true;
        _queue.Writer.TryComplete();
        try
        {
            _pump.GetAwaiter().GetResult();
        }
        finally
        {
            _target.Dispose();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_ended)
        {
            _ended = true;
            _queue.Writer.TryComplete(new OperationCanceledException("the stream was abandoned"));
        }
        if (_chunk is not null)
        {
            ArrayPool<byte>.Shared.Return(_chunk);
            _chunk = null;
        }
        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    private void Hand()
    {
        var item = (_chunk!, _filled);
        _chunk = null;
        _filled = 0;
        if (!_queue.Writer.TryWrite(item))
        {
            try
            {
                // The writer runs on its own worker thread; waiting here is the back-pressure that bounds memory.
                _queue.Writer.WriteAsync(item).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException e)
            {
                ArrayPool<byte>.Shared.Return(item.Item1);
                throw new IOException("the reader of this stream stopped: " + (e.InnerException?.Message ?? e.Message), e.InnerException ?? e);
            }
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            await foreach (var (buffer, count) in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                try
                {
                    await _target.WriteAsync(buffer.AsMemory(0, count)).ConfigureAwait(false);
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                }
            }
            await _target.FlushAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // Let a waiting writer see why, instead of waiting for room that never comes.
            _queue.Writer.TryComplete(e);
            throw;
        }
    }
}
