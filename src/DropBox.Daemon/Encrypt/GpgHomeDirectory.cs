namespace DropBox.Daemon.Encrypt;

/// <summary>
/// gpg always wants a home directory. The daemon gives it its own, private (0700), so no user's keyring or gpg.conf
/// is ever read or written. It holds only the receiver key sets imported from the configured key files
/// (<see cref="ReceiverKeyring"/>, one keyring per set, checked against the files before use).
/// </summary>
internal static class GpgHomeDirectory
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates <paramref name="path"/> (e.g. &lt;StateDirectory&gt;/gnupg) if needed and makes it 0700 (gpg warns on looser modes).</summary>
    public static string Ensure(string path)
    {
        var full = Path.GetFullPath(path);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(full);   // the daemon is Linux-only; this keeps the analyzer honest
            return full;
        }

        Directory.CreateDirectory(full, Private);
        if (File.GetUnixFileMode(full) != Private)
        {
            File.SetUnixFileMode(full, Private);
        }

        return full;
    }

    /// <summary>A fresh 0700 directory under the temp folder; the caller deletes it with <see cref="TryDelete"/>.</summary>
    public static string CreateThrowaway() => Ensure(Directory.CreateTempSubdirectory("dropbox-gpg-").FullName);

    public static void TryDelete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover empty keyring in the temp folder is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
