namespace DropBox.Daemon.Alerts;

/// <summary>The SMTP login, read from a file only the daemon's user may read.</summary>
internal sealed record SmtpCredentials(string User, string Password)
{
    private const UnixFileMode GroupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <summary>Why the file cannot be used, or null. Never quotes the file's content.</summary>
    public static string? Problem(string path)
    {
        var info = new FileInfo(path);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The DropBox daemon runs on Linux only.");
        }
        if (!info.Exists)
        {
            return $"{path} not found: write the login on line 1 and the password on line 2, then chmod 600";
        }
        if (info.LinkTarget is not null)
        {
            return $"{path} is a link: give the file itself";
        }
        if ((File.GetUnixFileMode(path) & GroupOrOther) != 0)
        {
            return $"{path} is readable by others than the daemon's user: chmod 600 it (a password must not be readable by a group or the world)";
        }
        return null;
    }

    /// <summary>Reads the file after checking it again (its mode may have changed since the start).</summary>
    public static SmtpCredentials Load(string path)
    {
        if (Problem(path) is { } problem)
        {
            throw new InvalidOperationException("SMTP credentials file " + problem);
        }
        var lines = File.ReadAllLines(path);
        if (lines.Length < 2 || lines[0].Trim().Length == 0)
        {
            throw new InvalidOperationException($"SMTP credentials file {path} needs the login on line 1 and the password on line 2");
        }
        return new SmtpCredentials(lines[0].Trim(), lines[1]);
    }
}
