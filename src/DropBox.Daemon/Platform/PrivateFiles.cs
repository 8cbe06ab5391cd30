using System.Text;

namespace DropBox.Daemon.Platform;

/// <summary>Folders (0700) and small files (0600, written atomically) of the daemon's private work area.</summary>
internal static class PrivateFiles
{
    public const UnixFileMode PrivateDirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/> (and missing parents) with mode 0700 and makes sure it is 0700.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The DropBox daemon runs on Linux only.");
        }

        Directory.CreateDirectory(path, PrivateDirectoryMode);
        File.SetUnixFileMode(path, PrivateDirectoryMode);
    }

    /// <summary>What follows a file's name in the name of its temp file (then the writer's pid).</summary>
    private const string TempMark = ".tmp-";

    /// <summary>
    /// True when <paramref name="folder"/> holds nothing but temp files of a <see cref="WriteAllTextAtomic"/> of
    /// <paramref name="fileName"/> (or nothing at all) and was last changed before <paramref name="cutoffUtc"/>: the
    /// folder of something whose first file a kill cut short. Young folders are never such, in case the write is under
    /// way right now.
    /// </summary>
    public static bool HoldsOnlyAnAbandonedWriteOf(string folder, string fileName, DateTimeOffset cutoffUtc) =>
        Directory.GetLastWriteTimeUtc(folder) < cutoffUtc.UtcDateTime
        && Directory.EnumerateFileSystemEntries(folder).All(e => Path.GetFileName(e).StartsWith(fileName + TempMark, StringComparison.Ordinal));

    /// <summary>Writes a temp file beside <paramref name="path"/>, fsyncs it and renames it into place.</summary>
    public static void WriteAllTextAtomic(string path, string text)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The DropBox daemon runs on Linux only.");
        }

        var temp = path + TempMark + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var options = new FileStreamOptions
        {
            Mode = FileMode.Create,
            Access = FileAccess.Write,
            UnixCreateMode = PrivateFileMode,
        };
        using (var stream = new FileStream(temp, options))
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// True for a name usable as one folder name of ours: a sender or an id. Refuses separators, dot-names and
    /// control characters, so a configured name can never point outside its folder.
    /// </summary>
    public static bool IsSafeSegment(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 128 && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>Throws when <paramref name="sender"/> is not a safe single folder name.</summary>
    public static void EnsureSafeSegment(string sender, string what)
    {
        if (!IsSafeSegment(sender))
        {
            throw new ArgumentException($"The {what} must be a plain folder name (letters, digits, '-', '_', '.'; not starting with '.').", what);
        }
    }
}
