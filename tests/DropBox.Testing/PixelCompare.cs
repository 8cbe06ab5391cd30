namespace DropBox.Testing;

/// <summary>
/// The corpus's <c>pixel-compare.py BEFORE AFTER</c> (files or folders with the same layout): stored pixel
/// bytes and the attributes describing them unchanged. Exit 0 identical, 1 differences, 2 error.
/// </summary>
public static class PixelCompare
{
    public static ProcessResult Run(string before, string after, TimeSpan? timeout = null) =>
        ProcessRunner.Run(
            Tools.Python,
            [Path.Combine(RepoPaths.RequireCorpus(), "pixel-compare.py"), before, after],
            timeout: timeout);

    /// <summary>
    /// Folder mode in ONE process (fast for a whole corpus): the verdict per file, keyed by the path relative
    /// to <paramref name="afterRoot"/> with '/' separators. Files missing in the output are absent here.
    /// </summary>
    public static IReadOnlyDictionary<string, PixelVerdict> RunFolders(string beforeRoot, string afterRoot, TimeSpan? timeout = null)
    {
        var result = Run(beforeRoot, afterRoot, timeout ?? TimeSpan.FromMinutes(10));
        if (result.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"pixel-compare.py failed: {result.Describe()}");
        }
        var verdicts = new Dictionary<string, PixelVerdict>(StringComparer.Ordinal);
        string? current = null;
        var ok = false;
        var messages = new List<string>();
        void Flush()
        {
            if (current is not null)
            {
                verdicts[current] = new PixelVerdict(ok, messages.ToArray());
            }
            messages.Clear();
        }
        var prefix = Path.GetFullPath(afterRoot).TrimEnd('/') + "/";
        foreach (var line in result.StdOut.Split('\n'))
        {
            if (line.StartsWith("ok  ", StringComparison.Ordinal) || line.StartsWith("FAIL ", StringComparison.Ordinal))
            {
                Flush();
                ok = line.StartsWith("ok", StringComparison.Ordinal);
                var full = Path.GetFullPath(line[5..].Trim());
                current = full.StartsWith(prefix, StringComparison.Ordinal) ? full[prefix.Length..] : full;
            }
            else if (line.StartsWith("   ", StringComparison.Ordinal) && current is not null)
            {
                messages.Add(line.Trim());
            }
            else if (line.StartsWith('#') || line.StartsWith("MISS", StringComparison.Ordinal))
            {
                Flush();
                current = null;
            }
        }
        Flush();
        return verdicts;
    }
}

/// <summary>pixel-compare.py's verdict on one file; messages include notes (e.g. re-fragmentation) on success.</summary>
public sealed record PixelVerdict(bool Ok, IReadOnlyList<string> Messages)
{
    public override string ToString() => (Ok ? "pixel-compare: ok" : "pixel-compare: FAIL") +
        (Messages.Count == 0 ? "" : "\n  " + string.Join("\n  ", Messages));
}

/// <summary>
/// The corpus's <c>phi-scan.py</c>: byte scan for planted PHI plus the PS3.15 profile check.
/// Exit 0 clean, 1 findings.
/// </summary>
public static class PhiScan
{
    /// <param name="manifest">manifest.json (e.g. <c>synthetic/manifest.json</c> of the corpus).</param>
    /// <param name="root">Top of the scanned tree (matches manifest keys by relative path); null omits --root.</param>
    /// <param name="original">Folder of the originals (for "must not keep the original value"); null omits it.</param>
    /// <param name="outDir">What to scan.</param>
    /// <param name="extraArgs">More options, e.g. "--encodings", "utf-8,latin-1,gb18030", "--json", file.</param>
    public static ProcessResult Run(string manifest, string? root, string? original, string outDir,
        IEnumerable<string>? extraArgs = null, TimeSpan? timeout = null)
    {
        var args = new List<string> { Path.Combine(RepoPaths.RequireCorpus(), "phi-scan.py"), "--manifest", manifest };
        if (root is not null)
        {
            args.AddRange(["--root", root]);
        }
        if (original is not null)
        {
            args.AddRange(["--original", original]);
        }
        args.AddRange(extraArgs ?? []);
        args.Add(outDir);
        return ProcessRunner.Run(Tools.Python, args, timeout: timeout ?? TimeSpan.FromMinutes(5));
    }
}
