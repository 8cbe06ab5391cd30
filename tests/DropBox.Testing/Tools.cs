using System.Collections.Concurrent;

namespace DropBox.Testing;

/// <summary>
/// Whether an external program the tests use is installed. Names are programs on PATH (e.g. "dcmdump",
/// "gpg", "sshd") or absolute paths; "pydicom" and "numpy" mean the Python module importable by
/// <see cref="Python"/>.
/// </summary>
public static class Tools
{
    /// <summary>Debian's interpreter, which has python3-pydicom (a venv python may not).</summary>
    public const string Python = "/usr/bin/python3";

    private static readonly ConcurrentDictionary<string, bool> _cache = new(StringComparer.Ordinal);

    /// <summary>True when running under CI (env CI=true), where every tool must be present.</summary>
    public static bool IsCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    public static bool IsAvailable(string name) => _cache.GetOrAdd(name, Probe);

    /// <summary>The names among <paramref name="names"/> that are not installed.</summary>
    public static IReadOnlyList<string> Missing(IEnumerable<string> names) => names.Where(n => !IsAvailable(n)).ToArray();

    /// <summary>Full path of a program found on PATH (or the path itself if it exists), else null.</summary>
    public static string? Locate(string program)
    {
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? Path.GetFullPath(program) : null;
        }
        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? "";
        // sshd and friends live in sbin, which is often not on a normal user's PATH.
        foreach (var dir in searchPath.Split(':').Concat(["/usr/sbin", "/sbin"]))
        {
            if (dir.Length == 0)
            {
                continue;
            }
            var candidate = Path.Combine(dir, program);
            if (File.Exists(candidate) && IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool Probe(string name) => name switch
    {
        "pydicom" or "numpy" or "aiosmtpd" => File.Exists(Python) && PythonImports(name),
        _ => Locate(name) is not null,
    };

    private static bool PythonImports(string module)
    {
        try
        {
            return ProcessRunner.Run(Python, ["-c", $"import {module}"], timeout: TimeSpan.FromSeconds(30)).ExitCode == 0;
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    private static bool IsExecutable(string path) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
