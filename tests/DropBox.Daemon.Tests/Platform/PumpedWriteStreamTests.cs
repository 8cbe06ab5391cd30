using System.Security.Cryptography;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Platform;

public sealed class PumpedWriteStreamTests
{
    [Fact]
    public void Bytes_written_in_any_pieces_reach_the_target_in_order_and_complete_closes_it()
    {
        var data = RandomNumberGenerator.GetBytes(3_456_789);
        var target = new RecordingStream();
        using var pumped = new PumpedWriteStream(target, chunkSize: 64 * 1024, capacity: 2);

        for (var offset = 0; offset < data.Length; offset += 10_001)
        {
            pumped.Write(data, offset, Math.Min(10_001, data.Length - offset));
        }
        Assert.Equal(data.Length, pumped.Position);
        pumped.Complete();

        Assert.Equal(data, target.Bytes.ToArray());
        Assert.True(target.Closed);
    }

    [Fact]
    public void A_target_that_fails_makes_the_writer_throw_instead_of_waiting_for_room()
    {
        using var pumped = new PumpedWriteStream(new FailingStream(), chunkSize: 1024, capacity: 1);

        var error = Assert.Throws<IOException>(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                pumped.Write(new byte[1024]);
            }
        });

        Assert.Contains("broken pipe", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Disposed_without_completing_it_leaves_the_target_open_for_its_owner()
    {
        var target = new RecordingStream();
        using (var pumped = new PumpedWriteStream(target))
        {
            pumped.Write(new byte[100]);
        }

        Assert.False(target.Closed);
    }

    private sealed class RecordingStream : MemoryStream
    {
        public MemoryStream Bytes { get; } = new();

        public bool Closed { get; private set; }

        public override void Write(byte[] buffer, int offset, int count) => Bytes.Write(buffer, offset, count);

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Bytes.Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Bytes.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        protected override void Dispose(bool disposing)
        {
            Closed = true;
            base.Dispose(disposing);
        }
    }

    private sealed class FailingStream : MemoryStream
    {
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            throw new IOException("broken pipe");
    }
}
