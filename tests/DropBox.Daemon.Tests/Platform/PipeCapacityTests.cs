using System.IO.Pipes;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Platform;

public sealed class PipeCapacityTests
{
    [Fact]
    public void A_pipe_is_widened_to_a_mebibyte_and_still_carries_every_byte()
    {
        using var server = new AnonymousPipeServerStream(PipeDirection.Out);
        using var client = new AnonymousPipeClientStream(PipeDirection.In, server.ClientSafePipeHandle);

        Assert.True(PipeCapacity.TryWiden(server));

        // A mebibyte now fits without a reader: the write returns before anything is read.
        var data = new byte[PipeCapacity.Wide];
        Random.Shared.NextBytes(data);
        server.Write(data);
        var read = new byte[data.Length];
        client.ReadExactly(read);
        Assert.Equal(data, read);
    }

    [Fact]
    public void A_stream_that_is_not_a_pipe_is_left_as_it_is()
    {
        Assert.False(PipeCapacity.TryWiden(new MemoryStream()));
    }
}
