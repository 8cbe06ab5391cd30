namespace DropBox.Deidentify.Pseudonyms;

/// <summary>Files that hold secrets or the pseudonym map are created owner-only (0600) from the first byte.</summary>
internal static class PrivateFile
{
    public static FileStreamOptions CreateNewOptions
    {
        get
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            return options;
        }
    }

    /// <summary>Creates an empty owner-only file unless one exists (SQLite accepts an empty file as a new database).</summary>
    public static void EnsureExists(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        try
        {
            using var _ = new FileStream(path, CreateNewOptions);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
    }
}
