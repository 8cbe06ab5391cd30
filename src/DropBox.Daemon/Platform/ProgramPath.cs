namespace DropBox.Daemon.Platform;

/// <summary>Where a child program would be started from: an absolute path as it is, a bare name through PATH.</summary>
internal static class ProgramPath
{
    /// <summary>The executable file <paramref name="program"/> names, or null when there is none (what a check reports).</summary>
    public static string? Find(string program)
    {
        if (Path.IsPathRooted(program))
        {
            return IsExecutable(program) ? program : null;
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (IsExecutable(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0);
}
