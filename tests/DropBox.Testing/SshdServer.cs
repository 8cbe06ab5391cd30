using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

using Xunit;

namespace DropBox.Testing;

/// <summary>
/// A throwaway OpenSSH sshd on 127.0.0.1 (the recipe of ../shared/scripts/sshd-loopback.sh): temp dir,
/// ed25519 host and client keys, a free port, <c>sshd -D -f cfg -E log</c>. It can be killed and restarted on
/// the same port with the same keys. Shared by the tests of one class (xunit runs them one at a time): the
/// Daemon tests' SSH.NET sync and the Cli tests' native program.
/// </summary>
public sealed class SshdServer : IDisposable
{
    public const string SshdPath = "/usr/sbin/sshd";

    public const string SftpServerPath = "/usr/lib/openssh/sftp-server";

    private Process? _sshd;

    public SshdServer()
    {
        if (!File.Exists(SshdPath))
        {
            return;
        }

        Directory = System.IO.Directory.CreateTempSubdirectory("dropbox-sshd-").FullName;
        RemoteRoot = Path.Combine(Directory, "remote");
        System.IO.Directory.CreateDirectory(RemoteRoot);
        System.IO.Directory.CreateDirectory("/run/sshd");
        User = Environment.UserName;
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", Path.Combine(Directory, "host_key"));
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", IdentityFile);
        File.Copy(IdentityFile + ".pub", Path.Combine(Directory, "authorized_keys"));
        Port = FreePort();
        File.WriteAllText(Path.Combine(Directory, "sshd_config"), $"""
            ListenAddress 127.0.0.1:{Port}
            HostKey {Directory}/host_key
            PidFile {Directory}/sshd.pid
            AuthorizedKeysFile {Directory}/authorized_keys
            AllowUsers {User}
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            StrictModes no
            UsePAM no
            Subsystem sftp {Directory}/sftp-server-logged

            """);
        // OpenSSH's own sftp-server logging every open and close (with bytes read and written) to a file:
        // internal-sftp and syslog would need a syslog daemon, the wrapper only points stderr at the file.
        File.WriteAllText(Path.Combine(Directory, "sftp-server-logged"), $"#!/bin/sh\nexec {SftpServerPath} -e -l INFO 2>>{SftpLogFile}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(Directory, "sftp-server-logged"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }

        var hostKey = File.ReadAllText(Path.Combine(Directory, "host_key.pub")).Split(' ');
        File.WriteAllText(KnownHostsFile, $"[127.0.0.1]:{Port} {hostKey[0]} {hostKey[1]}\n");
        Start();
    }

    public string Directory { get; } = "";

    public string RemoteRoot { get; } = "";

    public string User { get; } = "";

    public int Port { get; }

    public string IdentityFile => Path.Combine(Directory, "client_key");

    public string KnownHostsFile => Path.Combine(Directory, "known_hosts");

    public string LogFile => Path.Combine(Directory, "sshd.log");

    /// <summary>sftp-server's log (<c>-l INFO</c>): <c>open</c> and <c>close "PATH" bytes read R written W</c> lines.</summary>
    public string SftpLogFile => Path.Combine(Directory, "sftp-server.log");

    /// <summary>
    /// The server's own count of bytes written to files named <paramref name="fileName"/>: one number per handle
    /// closed (by the client, or forced when a session ended), from sftp-server's <c>-l INFO</c> log lines
    /// <c>close "PATH" bytes read R written W</c>.
    /// </summary>
    public IReadOnlyList<long> BytesWrittenTo(string fileName)
    {
        if (!File.Exists(SftpLogFile))
        {
            return [];
        }

        using var stream = new FileStream(SftpLogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var text = new StreamReader(stream).ReadToEnd();
        return System.Text.RegularExpressions.Regex.Matches(text, "close \"([^\"]*)\" bytes read [0-9]+ written ([0-9]+)")
            .Where(m => Path.GetFileName(m.Groups[1].Value) == fileName)
            .Select(m => long.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))
            .ToList();
    }

    /// <summary>The host key's fingerprint as <c>ssh-keygen -lf</c> prints it.</summary>
    public string HostKeyFingerprint()
    {
        var blob = Convert.FromBase64String(File.ReadAllText(Path.Combine(Directory, "host_key.pub")).Split(' ')[1]);
        return "SHA256:" + Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(blob)).TrimEnd('=');
    }

    /// <summary>A fresh remote directory for one test.</summary>
    public string NewRemoteDirectory(string name)
    {
        var path = Path.Combine(RemoteRoot, name + "-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    public void Start()
    {
        _sshd = Process.Start(new ProcessStartInfo(SshdPath)
        {
            ArgumentList = { "-D", "-f", Path.Combine(Directory, "sshd_config"), "-E", LogFile },
            UseShellExecute = false,
        })!;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_sshd.HasExited)
            {
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Kills sshd and every session it forked, like a crash of the far server.</summary>
    public void Kill()
    {
        if (_sshd is { HasExited: false })
        {
            _sshd.Kill(entireProcessTree: true);
            _sshd.WaitForExit();
        }

        _sshd?.Dispose();
        _sshd = null;
    }

    public void Dispose()
    {
        Kill();
        if (Directory.Length > 0)
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static void Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var err = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} failed: {err}");
        }
    }
}

/// <summary>
/// A fact that needs /usr/sbin/sshd (and any listed program); skipped with a reason when one is missing (but fails
/// on CI). <c>[SshdFact]</c>, <c>[SshdFact("gpg")]</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SshdFactAttribute : FactAttribute
{
    public SshdFactAttribute(params string[] tools)
    {
        if (!File.Exists(SshdServer.SshdPath) && !Tools.IsCi)
        {
            Skip = $"{SshdServer.SshdPath} is missing: install openssh-server (scripts/test.sh does) to run the real-sshd sync tests";
        }
        else
        {
            Skip = SkipReasons.ForTools(tools);
        }
    }
}
