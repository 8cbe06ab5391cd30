namespace DropBox.Dicom.Tests.Dictionary;

/// <summary>Finds the repository root (folder with DropBox.sln) and ../shared/dicom beside it.</summary>
internal static class SharedDicomFolder
{
    public static string? RepoRoot { get; } = FindRepoRoot();

    /// <summary>../shared/dicom when present (it is read-only input, never copied into the repository).</summary>
    public static string? Path { get; } = RepoRoot is null ? null
        : Directory.Exists(System.IO.Path.Combine(RepoRoot, "..", "shared", "dicom"))
            ? System.IO.Path.GetFullPath(System.IO.Path.Combine(RepoRoot, "..", "shared", "dicom"))
            : null;

    private static string? FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "DropBox.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}

/// <summary>A fact that is skipped, with the reason, when ../shared/dicom is not beside the repository.</summary>
public sealed class FactNeedingSharedDicomAttribute : FactAttribute
{
    public FactNeedingSharedDicomAttribute()
    {
        if (SharedDicomFolder.Path is null)
        {
            Skip = "../shared/dicom (the DICOM standard tables) is not beside the repository; the generated file cannot be re-checked.";
        }
    }
}
