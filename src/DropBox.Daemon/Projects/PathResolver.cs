namespace DropBox.Daemon.Projects;

/// <summary>Makes every path in the options absolute against the main configuration file's folder.</summary>
internal static class PathResolver
{
    public static void MakeAbsolute(DropBoxOptions options, string baseDirectory)
    {
        options.StateDirectory = Resolve(options.StateDirectory, baseDirectory);
        options.LogDirectory = Resolve(options.LogDirectory, baseDirectory);
        if (options.Alerts.Smtp is { CredentialsFile: { } credentials } smtp)
        {
            smtp.CredentialsFile = Resolve(credentials, baseDirectory); // issue 14
        }
        foreach (var project in options.Projects.Values)
        {
            project.Root = Resolve(project.Root, baseDirectory);
            project.WorkDirectory = project.WorkDirectory is null ? null : Resolve(project.WorkDirectory, baseDirectory);
            project.ReceiverKeys = project.ReceiverKeys.Select(k => Resolve(k, baseDirectory)).ToList();
            project.Deidentify.PixelRules = project.Deidentify.PixelRules is null ? null : Resolve(project.Deidentify.PixelRules, baseDirectory);
            if (project.Sync.Target is not { } target)
            {
                continue;
            }

            target.Directory = target.Directory is null ? null : Resolve(target.Directory, baseDirectory);
            target.IdentityFile = target.IdentityFile is null ? null : Resolve(target.IdentityFile, baseDirectory);
            target.KnownHostsFile = target.KnownHostsFile is null ? null : Resolve(target.KnownHostsFile, baseDirectory);
        }
    }

    private static string Resolve(string path, string baseDirectory) =>
        string.IsNullOrWhiteSpace(path) ? path : Path.GetFullPath(path, baseDirectory);
}
