using System.Net.Sockets;
using System.Text;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// sd_notify(3) over $NOTIFY_SOCKET, written by hand because Microsoft.Extensions.Hosting.Systemd is not in
/// our package set. Without the variable (not under systemd, or Type=simple) every call is a no-op; a send
/// failure is a side concern and never stops the daemon.
/// </summary>
internal sealed class SystemdNotifier
{
    private readonly string? _socketPath;

    public SystemdNotifier(string? socketPath = null)
    {
        _socketPath = socketPath ?? Environment.GetEnvironmentVariable("NOTIFY_SOCKET");
    }

    public bool IsEnabled => !string.IsNullOrEmpty(_socketPath);

    public bool Ready() => Send("READY=1");

    public bool Stopping() => Send("STOPPING=1");

    public bool Watchdog() => Send("WATCHDOG=1");

    public bool Status(string text) => Send("STATUS=" + text.Replace('\n', ' '));

    /// <summary>The watchdog interval systemd asked for (WATCHDOG_USEC), if any; pings go at half of it.</summary>
    public static TimeSpan? WatchdogInterval()
    {
        var usec = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        return long.TryParse(usec, out var value) && value > 0 ? TimeSpan.FromMicroseconds(value) : null;
    }

    private bool Send(string message)
    {
        if (!IsEnabled)
        {
            return false;
        }
        try
        {
            // A leading '@' names a socket in the abstract namespace (a NUL byte on the wire).
            var path = _socketPath![0] == '@' ? "\0" + _socketPath[1..] : _socketPath;
            using var socket = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            socket.Connect(new UnixDomainSocketEndPoint(path));
            socket.Send(Encoding.UTF8.GetBytes(message));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
