namespace DropBox.Testing;

/// <summary>
/// Where things are, found from the test assembly's folder: the repository root (the folder holding
/// DropBox.sln), the read-only <c>../shared</c> folder beside it and the DICOM corpus. A user's clone has no
/// <c>../shared</c>: then <see cref="SharedRoot"/> and <see cref="Corpus"/> are null and corpus tests skip.
/// </summary>
public static class RepoPaths
{
    private static readonly Lazy<string> _repoRoot = new(FindRepoRoot);

    /// <summary>The folder that contains DropBox.sln.</summary>
    public static string RepoRoot => _repoRoot.Value;

    /// <summary><c>../shared</c> beside the repository, or null when absent.</summary>
    public static string? SharedRoot => ExistingDirectory(Path.Combine(RepoRoot, "..", "shared"));

    /// <summary><c>../shared/dicom-corpus</c>, or null when absent.</summary>
    public static string? Corpus =>
        SharedRoot is { } shared ? ExistingDirectory(Path.Combine(shared, "dicom-corpus")) : null;

    /// <summary><c>../shared/dicom</c> (standard tables), or null when absent.</summary>
    public static string? DicomTables =>
        SharedRoot is { } shared ? ExistingDirectory(Path.Combine(shared, "dicom")) : null;

    /// <summary>The corpus folder, or an exception telling why a test that needs it cannot run.</summary>
    public static string RequireCorpus() =>
        Corpus ?? throw new InvalidOperationException(
            "../shared/dicom-corpus not found beside the repo; mark the test [CorpusFact]/[CorpusTheory] so it skips.");

    /// <summary>A file of the corpus by its path relative to the corpus folder (as in catalog.json).</summary>
    public static string CorpusFile(string relativePath) =>
        Path.Combine(RequireCorpus(), relativePath.Replace('/', Path.DirectorySeparatorChar));

    /// <summary>The build configuration of the running test assembly (Debug or Release), from its output path.</summary>
    public static string Configuration
    {
        get
        {
            // bin/<Configuration>/<tfm>/ : the configuration is the grandparent folder name.
            var tfmDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return tfmDir.Parent?.Name ?? "Debug";
        }
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DropBox.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException(
            $"No DropBox.sln above {AppContext.BaseDirectory}: run the tests from a build inside the repository.");
    }

    private static string? ExistingDirectory(string path) =>
        Directory.Exists(path) ? Path.GetFullPath(path) : null;
}
