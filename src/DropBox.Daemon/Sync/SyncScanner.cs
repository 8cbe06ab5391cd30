namespace DropBox.Daemon.Sync;

/// <summary>A regular file found under the sync folder.</summary>
/// <param name="IsQuiet">Not written for at least the quiet period, so taken as complete.</param>
internal sealed record ScannedFile(string RelativePath, string FullPath, long Size, DateTimeOffset ModifiedAt, bool IsQuiet);

/// <summary>
/// Lists what may be sent: regular files below the sync folder, recursively, without following symlinks,
/// skipping temp names of upload clients (<c>*.filepart</c>, <c>*.part</c>, <c>*.partial</c>, <c>*.tmp</c>),
/// dotfiles and everything under dot-directories.
/// </summary>
internal static class SyncScanner
{
    private static readonly string[] TempSuffixes = [".filepart", ".part", ".partial", ".tmp"];

    public static IReadOnlyList<ScannedFile> Scan(string sourceDirectory, DateTimeOffset now, TimeSpan quietPeriod)
    {
        var root = new DirectoryInfo(sourceDirectory);
        var files = new List<ScannedFile>();
        if (!root.Exists)
        {
            return files;
        }

        var pending = new Stack<(DirectoryInfo Directory, string Prefix)>();
        pending.Push((root, string.Empty));
        while (pending.Count > 0)
        {
            var (directory, prefix) = pending.Pop();
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                if (entry.Name.StartsWith('.') || entry.LinkTarget is not null)
                {
                    continue;
                }

                var relative = prefix + entry.Name;
                if (entry is DirectoryInfo child)
                {
                    pending.Push((child, relative + "/"));
                }
                else if (entry is FileInfo file && !IsTempName(file.Name))
                {
                    var modified = new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero);
                    files.Add(new ScannedFile(relative, file.FullName, file.Length, modified, now - modified >= quietPeriod));
                }
            }
        }

        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return files;
    }

    public static bool IsTempName(string name) =>
        name.StartsWith('.') || TempSuffixes.Any(s => name.EndsWith(s, StringComparison.OrdinalIgnoreCase));
}
