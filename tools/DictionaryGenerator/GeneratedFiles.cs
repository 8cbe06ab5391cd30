using System.Text;

namespace DropBox.DictionaryGenerator;

/// <summary>The generated files, by path relative to the repository root.</summary>
internal static class GeneratedFiles
{
    public const string DictionaryPath = "src/DropBox.Dicom/Dictionary/Generated/DicomDictionaryData.cs";
    public const string ProfileTablePath = "src/DropBox.Deidentify/Profile/Generated/ProfileTableData.cs";

    public static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    public static IEnumerable<(string RelativePath, string Text)> RenderAll(DicomSources sources)
    {
        yield return (DictionaryPath, DictionaryRenderer.Render(sources.Dictionary));
        yield return (ProfileTablePath, ProfileTableRenderer.Render(sources.ProfileRows));
    }

    public static string? FindRepoRoot(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DropBox.sln")))
            {
                return dir.FullName;
            }
        }
        return null;
    }
}
