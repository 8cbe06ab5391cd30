using System.Diagnostics;
using System.Text;
using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary><c>dropbox run</c> (or another dropbox command) as a child process whose output is collected while it runs;
/// killed on Dispose if still alive.</summary>
internal sealed class DaemonProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Lock _gate = new();

    private readonly bool _ownProcessGroup;

    /// <param name="executable">A published <c>dropbox</c> program to run, or null for the managed build.</param>
    /// <param name="command">The dropbox arguments; null for <c>run --config CONFIG</c>.</param>
    /// <param name="ownProcessGroup">Started through setsid(1), so <see cref="Crash"/> kills the process group in one
    /// kill(2): a gpg child being forked at that moment cannot survive it, as it could a walk of the process tree.</param>
    public DaemonProcess(string configPath, string? crashAt = null, string? executable = null, IReadOnlyList<string>? command = null,
        bool ownProcessGroup = false)
    {
        _ownProcessGroup = ownProcessGroup;
        var start = new ProcessStartInfo(ownProcessGroup ? "setsid" : executable ?? DropBoxCli.DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        IReadOnlyList<string> dropboxArgs = command ?? ["run", "--config", configPath];
        string[] args = executable is null ? [DropBoxCli.DllPath, .. dropboxArgs] : [.. dropboxArgs];
        if (ownProcessGroup)
        {
            args = [executable ?? DropBoxCli.DotnetHost, .. args];
        }
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment.Remove("NOTIFY_SOCKET");
        if (crashAt is null)
        {
            start.Environment.Remove("DROPBOX_TEST_CRASH_AT");
        }
        else
        {
            start.Environment["DROPBOX_TEST_CRASH_AT"] = crashAt;
        }
        _process = new Process { StartInfo = start };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public string Output
    {
        get
        {
            lock (_gate)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Waits for the process to end by itself; fails the test (after killing it) when it does not.</summary>
    public int WaitForExit(TimeSpan limit, string what)
    {
        if (!_process.WaitForExit(limit))
        {
            Kill();
            Assert.Fail($"dropbox run did not {what} within {limit.TotalSeconds:0} s. Output:\n{Tail()}");
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds; fails the test when it never does.</summary>
    public void WaitUntil(Func<bool> condition, TimeSpan limit, string what)
    {
        var deadline = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (_process.HasExited)
            {
                Assert.Fail($"dropbox run exited ({_process.ExitCode}) before {what}. Output:\n{Tail()}");
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{what}: not reached within {limit.TotalSeconds:0} s. Output:\n{Tail()}");
            }
            Thread.Sleep(250);
        }
    }

    /// <summary>Sends a signal with the kill(1) program: TERM for a graceful stop, KILL for a crash.</summary>
    public void Signal(string name)
    {
        var result = ProcessRunner.Run("kill", "-" + name, Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(result.ExitCode == 0 || _process.HasExited, result.Describe());
    }

    /// <summary>SIGKILLs the process and its children (gpg), as systemd's stop of the unit's cgroup or a power cut
    /// would; nothing when it has already ended by itself. True when the kill is what ended it.</summary>
    public bool Crash()
    {
        if (_ownProcessGroup && !_process.HasExited)
        {
            // setsid did not fork (its parent is no group leader): the process id is the group id.
            ProcessRunner.Run("kill", "-KILL", "--", "-" + Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        else if (!_process.HasExited)
        {
            Kill();
        }
        _process.WaitForExit();
        return _process.ExitCode == CrashSafetyTests.KilledBySigkill;
    }

    public string Tail() => Output.Length > 6000 ? "…" + Output[^6000..] : Output;

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_gate)
        {
            _output.AppendLine(line);
        }
    }

    private void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }
        _process.Dispose();
    }
}
