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
