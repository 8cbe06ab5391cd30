namespace DropBox.Dicom.Tests.Text;

/// <summary>Finds ../shared beside the repository (the folder holding DropBox.sln); null when it is not there.</summary>
internal static class SharedCorpus
{
    public static string? Root { get; } = Find();

    private static string? Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DropBox.sln")))
            {
                var shared = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "dicom-corpus"));
                return Directory.Exists(shared) ? shared : null;
            }
        }
        return null;
    }
}

/// <summary>A theory over the shared DICOM corpus, skipped (not failed) where ../shared is missing.</summary>
public sealed class SharedCorpusTheoryAttribute : TheoryAttribute
{
    public SharedCorpusTheoryAttribute()
    {
        if (SharedCorpus.Root is null)
        {
            Skip = "../shared/dicom-corpus beside the repository is missing";
        }
    }
}
