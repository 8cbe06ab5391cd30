using System.Net;
using System.Net.Sockets;
using System.Text;

namespace DropBox.Daemon.Tests.Notifications;

/// <summary>A real HTTP listener on loopback (a bare TCP listener, no web server): answers every request with
/// <see cref="Status"/> and keeps the bodies of the requests it answered 2xx.</summary>
internal sealed class WebhookSink : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<string> _bodies = [];
    private readonly CancellationTokenSource _stop = new();

    public WebhookSink()
    {
        _listener.Start();
        _ = Task.Run(LoopAsync);
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook";

    /// <summary>The status line answered, e.g. "200 OK" or "503 Service Unavailable".</summary>
    public string Status { get; set; } = "200 OK";

    public IReadOnlyList<string> Bodies
    {
        get
        {
            lock (_bodies)
            {
                return [.. _bodies];
            }
        }
    }

    private async Task LoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var stream = client.GetStream();
                var raw = new MemoryStream();
                var buffer = new byte[8192];
                int headEnd;
                while ((headEnd = IndexOf(raw.ToArray(), "\r\n\r\n"u8.ToArray())) < 0)
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        break;
                    }
                    raw.Write(buffer, 0, n);
                }
                var head = Encoding.ASCII.GetString(raw.ToArray(), 0, Math.Max(0, headEnd));
                var length = head.Split("\r\n").Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                    .Select(l => int.Parse(l[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
                while (raw.Length < headEnd + 4 + length)
                {
                    var n = await stream.ReadAsync(buffer, _stop.Token);
                    if (n == 0)
                    {
                        break;
                    }
                    raw.Write(buffer, 0, n);
                }
                var status = Status;
                if (status.StartsWith('2'))
                {
                    lock (_bodies)
                    {
                        _bodies.Add(Encoding.UTF8.GetString(raw.ToArray(), headEnd + 4, length));
                    }
                }
                await stream.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 {status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"), _stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (IOException)
            {
            }
        }
    }

    private static int IndexOf(byte[] data, byte[] pattern) => data.AsSpan().IndexOf(pattern);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        _stop.Dispose();
    }
}
