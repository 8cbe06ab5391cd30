namespace DropBox.Daemon.Projects;

/// <summary>Where a project's state lives under the state directory (the secret and pseudonym map stay together).</summary>
internal static class ProjectLayout
{
    public static string StateOf(DropBoxOptions options, string project) => Path.Combine(options.StateDirectory, "projects", project);

    public static string SecretFile(DropBoxOptions options, string project) => Path.Combine(StateOf(options, project), "secret.key");

    public static string PseudonymStore(DropBoxOptions options, string project) => Path.Combine(StateOf(options, project), "pseudonyms.db");

    public static string Journal(DropBoxOptions options) => Path.Combine(options.StateDirectory, "journal.db");

    public static string GpgHome(DropBoxOptions options) => Path.Combine(options.StateDirectory, "gnupg");

    public const UnixFileMode PrivateDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Creates a folder readable by the daemon's user only (the work area, state).</summary>
    public static void CreatePrivateDirectory(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, PrivateDirectory);
        }
    }
}
