using System.Net.Sockets;
using DropBox.Daemon.Hosting;

namespace DropBox.Daemon.Tests.Hosting;

/// <summary>sd_notify messages arrive on a real Unix datagram socket, as systemd receives them.</summary>
public sealed class SystemdNotifierTests
{
    [Fact]
    public void Ready_watchdog_and_stopping_arrive_on_the_notify_socket_in_order()
    {
        using var socket = new NotifySocket();
        var notifier = new SystemdNotifier(socket.Path);

        Assert.True(notifier.Ready());
        Assert.True(notifier.Watchdog());
        Assert.True(notifier.Status("2 project(s)\nscheduled"));
        Assert.True(notifier.Stopping());

        Assert.Equal("READY=1", socket.Receive());
        Assert.Equal("WATCHDOG=1", socket.Receive());
        Assert.Equal("STATUS=2 project(s) scheduled", socket.Receive());
        Assert.Equal("STOPPING=1", socket.Receive());
    }

    [Fact]
    public void An_abstract_socket_name_starting_with_at_is_reached_too()
    {
        var name = $"dbx-notify-{Guid.NewGuid():N}";
        using var server = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        server.Bind(new UnixDomainSocketEndPoint("\0" + name));
        server.ReceiveTimeout = 10_000;

        Assert.True(new SystemdNotifier("@" + name).Ready());

        var buffer = new byte[64];
        Assert.Equal("READY=1", System.Text.Encoding.UTF8.GetString(buffer, 0, server.Receive(buffer)));
    }

    [Fact]
    public void A_missing_socket_is_a_quiet_no_op_never_an_exception()
    {
        var gone = new SystemdNotifier(Path.Combine("/tmp", $"dbx-gone-{Guid.NewGuid():N}.sock"));
        var disabled = new SystemdNotifier("");

        Assert.False(gone.Watchdog());
        Assert.False(disabled.IsEnabled);
        Assert.False(disabled.Ready());
    }
}
