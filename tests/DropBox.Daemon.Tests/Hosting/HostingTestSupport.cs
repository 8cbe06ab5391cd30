using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Tests.Hosting;

/// <summary>Keeps every log call (level, event id, rendered message) for assertions.</summary>
internal sealed class CapturingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, int EventId, string Message)> Entries { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, eventId.Id, formatter(state, exception)));
        }
    }
}

/// <summary>What systemd does for NOTIFY_SOCKET: a Unix datagram socket bound to a path, read by the test.</summary>
internal sealed class NotifySocket : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);

    public NotifySocket()
    {
        // sun_path holds 108 bytes: keep the path short.
        Path = System.IO.Path.Combine("/tmp", $"dbx-notify-{Guid.NewGuid():N}.sock");
        _socket.Bind(new UnixDomainSocketEndPoint(Path));
        _socket.ReceiveTimeout = 10_000;
    }

    public string Path { get; }

    /// <summary>Datagrams already delivered and not yet read.</summary>
    public int Pending => _socket.Available;

    public string Receive()
    {
        var buffer = new byte[4096];
        var length = _socket.Receive(buffer);
        return Encoding.UTF8.GetString(buffer, 0, length);
    }

    public void Dispose()
    {
        _socket.Dispose();
        File.Delete(Path);
    }
}
