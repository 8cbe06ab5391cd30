using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace DropBox.Daemon.Tests.Notifications;

/// <summary>
/// A real SMTP server on loopback: Debian's python3-aiosmtpd with a tiny handler that saves every message it
/// accepts as a file. Tests read the files back.
/// </summary>
internal sealed class SmtpSink : IDisposable
{
    private const string Handler = """
        import os, sys, time
        from aiosmtpd.controller import Controller
        class Save:
            async def handle_DATA(self, server, session, envelope):
                name = os.path.join(sys.argv[2], "%d.eml" % time.time_ns())
                with open(name + ".tmp", "wb") as f:
                    f.write(envelope.original_content or envelope.content)
                os.rename(name + ".tmp", name)
                return "250 OK"
        c = Controller(Save(), hostname="127.0.0.1", port=int(sys.argv[1]))
        c.start()
        print("ready", flush=True)
        sys.stdin.read()
        c.stop()
        """;

    private readonly Process _process;

    public SmtpSink(string folder)
    {
        Folder = Directory.CreateDirectory(Path.Combine(folder, "mail")).FullName;
        var script = Path.Combine(folder, "smtp_sink.py");
        File.WriteAllText(script, Handler);
        Port = FreePort();
        var start = new ProcessStartInfo(Testing.Tools.Python) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, Port.ToString(System.Globalization.CultureInfo.InvariantCulture), Folder })
        {
            start.ArgumentList.Add(a);
        }
        _process = Process.Start(start)!;
        var line = _process.StandardOutput.ReadLine();
        if (line != "ready")
        {
            Assert.Fail("aiosmtpd did not start: " + _process.StandardError.ReadToEnd());
        }
    }

    public string Folder { get; }

    public int Port { get; }

    /// <summary>Every message received so far, oldest first, as text.</summary>
    public IReadOnlyList<string> Messages => [.. Directory.GetFiles(Folder, "*.eml").Order(StringComparer.Ordinal).Select(File.ReadAllText)];

    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public void Dispose()
    {
        _process.StandardInput.Close();
        if (!_process.WaitForExit(5000))
        {
            _process.Kill();
        }
        _process.Dispose();
    }
}
