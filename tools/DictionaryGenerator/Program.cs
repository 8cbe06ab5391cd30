// Usage, from the repository root: dotnet run --project tools/DictionaryGenerator -- ../shared/dicom
using DropBox.DictionaryGenerator;

if (args.Length != 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: dotnet run --project tools/DictionaryGenerator -- <path to shared/dicom>");
    Console.Error.WriteLine("Run it from the repository root (the folder holding DropBox.sln); e.g. ../shared/dicom.");
    return 2;
}

var repoRoot = GeneratedFiles.FindRepoRoot(Directory.GetCurrentDirectory());
if (repoRoot is null)
{
    Console.Error.WriteLine("DropBox.sln not found in the current folder or above: run from the repository root.");
    return 2;
}

var sources = DicomSources.Load(args[0]);
foreach (var (relativePath, text) in GeneratedFiles.RenderAll(sources))
{
    var path = Path.Combine(repoRoot, relativePath);
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    File.WriteAllText(path, text, GeneratedFiles.Utf8NoBom);
    Console.WriteLine($"wrote {relativePath} ({text.Length:N0} chars)");
}
foreach (var note in sources.Notes)
{
    Console.WriteLine(note);
}
return 0;
