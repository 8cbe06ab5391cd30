using System.Collections.Concurrent;
using DropBox.Dicom;

namespace DropBox.Cli;

/// <summary>
/// `dicom rewrite IN OUT`: read and write back unchanged. With folders, every file below IN is rewritten
/// into the same relative layout under OUT, in parallel, in one process; files that are not DICOM or are
/// broken are reported and skipped.
/// </summary>
internal static class DicomRewrite
{
    public static int Run(string input, string output, int jobs)
    {
        if (Directory.Exists(input))
        {
            return RunFolder(input, output, jobs);
        }
        var failure = RewriteOne(input, output);
        if (failure is not null)
        {
            Console.Error.WriteLine($"dropbox: {input}: {failure}");
            return ExitCodes.Failed;
        }
        return ExitCodes.Ok;
    }

    /// <summary>Null when the file was rewritten, else what was wrong (offset and tag path, no values).</summary>
    internal static string? RewriteOne(string input, string output)
    {
        try
        {
            using var file = DicomFile.Open(input);
            file.Save(output);
            return null;
        }
        catch (Exception e) when (e is DicomFormatException or IOException or UnauthorizedAccessException)
        {
            return e.Message;
        }
    }

    private static int RunFolder(string input, string output, int jobs)
    {
        var root = Path.GetFullPath(input);
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var failures = new ConcurrentBag<(string Path, string Reason)>();
        var done = 0;
        using var progress = Console.IsErrorRedirected ? null : new Timer(_ =>
            Console.Error.Write($"\rrewriting {Volatile.Read(ref done)}/{files.Count}"), null, 250, 250);
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = jobs }, path =>
        {
            var relative = Path.GetRelativePath(root, path);
            var target = Path.Combine(output, relative);
            var directory = Path.GetDirectoryName(target);
            if (!string.IsNullOrEmpty(directory))
            {
                Directory.CreateDirectory(directory);
            }
            if (RewriteOne(path, target) is { } reason)
            {
                failures.Add((relative, reason));
            }
            Interlocked.Increment(ref done);
        });
        progress?.Dispose();
        if (!Console.IsErrorRedirected)
        {
            Console.Error.Write("\r");
        }
        foreach (var (path, reason) in failures.OrderBy(f => f.Path, StringComparer.Ordinal))
        {
            Console.Error.WriteLine($"dropbox: refused {path}: {reason}");
        }
        Console.WriteLine($"{files.Count - failures.Count} file(s) rewritten, {failures.Count} refused");
        return failures.IsEmpty ? ExitCodes.Ok : ExitCodes.Failed;
    }
}
