using System.Diagnostics;

namespace DropBox.Daemon.Tests.Encrypt;

/// <summary>Runs the real gpg for test set-up and as the oracle (decrypt, list-packets).</summary>
internal static class GpgTool
{
    public static bool IsInstalled { get; } = Probe();

    public static (int ExitCode, string Stdout, string Stderr) Run(string home, params string[] args)
    {
        var start = new ProcessStartInfo("gpg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("--homedir");
        start.ArgumentList.Add(home);
        start.ArgumentList.Add("--batch");
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var p = Process.Start(start)!;
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    public static string RunOk(string home, params string[] args)
    {
        var (code, stdout, stderr) = Run(home, args);
        Assert.True(code == 0, $"gpg {string.Join(' ', args)} exited {code}: {stderr}");
        return stdout;
    }

    public static string NewHome(string parent, string name)
    {
        var home = Path.Combine(parent, name);
        Directory.CreateDirectory(home);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(home, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        return home;
    }

    private static bool Probe()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("gpg", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>A fact that is skipped, with the reason, when gpg is not installed.</summary>
public sealed class GpgFactAttribute : FactAttribute
{
    public GpgFactAttribute()
    {
        if (!GpgTool.IsInstalled)
        {
            Skip = "gpg is not installed (apt-get install gnupg)";
        }
    }
}

/// <summary>A theory that is skipped, with the reason, when gpg is not installed.</summary>
public sealed class GpgTheoryAttribute : TheoryAttribute
{
    public GpgTheoryAttribute()
    {
        if (!GpgTool.IsInstalled)
        {
            Skip = "gpg is not installed (apt-get install gnupg)";
        }
    }
}
