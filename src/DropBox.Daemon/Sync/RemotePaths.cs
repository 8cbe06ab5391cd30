namespace DropBox.Daemon.Sync;

/// <summary>Relative-path helpers shared by the runner and transports ('/'-separated, no leading slash).</summary>
internal static class RemotePaths
{
    /// <summary>Suffix of the temp name a file is uploaded under before the rename: <c>dir/.name.partial</c>.</summary>
    public const string TempSuffix = ".partial";

    /// <summary>The temp name in the same directory as <paramref name="finalPath"/>.</summary>
    public static string TempFor(string finalPath)
    {
        var slash = finalPath.LastIndexOf('/');
        return slash < 0
            ? "." + finalPath + TempSuffix
            : finalPath[..(slash + 1)] + "." + finalPath[(slash + 1)..] + TempSuffix;
    }

    /// <summary>Every ancestor directory of the paths, parents before children, without duplicates.</summary>
    public static IReadOnlyList<string> DirectoriesOf(IEnumerable<string> paths)
    {
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var path in paths)
        {
            for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
            {
                result.Add(path[..slash]);
            }
        }

        // Ordinal sort puts "a" before "a/b", so parents always come first.
        return [.. result];
    }

    /// <summary>Joins a root and a relative path with exactly one '/'.</summary>
    public static string Join(string root, string relative) =>
        root.Length == 0 ? relative : root.TrimEnd('/') + "/" + relative;
}
