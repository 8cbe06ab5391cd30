namespace DropBox.Testing;

/// <summary>dcmtk's dcmdump as an independent oracle (Debian package dcmtk).</summary>
public static class Dcmdump
{
    /// <summary>
    /// The corpus README's parse check: <c>dcmdump -dc --log-level warn FILE</c> (no silent data correction).
    /// A clean file exits 0 with no stderr lines. Bare datasets without meta are read too (dcmdump's default +f).
    /// </summary>
    public static DcmdumpCheck Check(string path, TimeSpan? timeout = null)
    {
        var result = ProcessRunner.Run("dcmdump", ["-dc", "--log-level", "warn", path], timeout: timeout);
        return new DcmdumpCheck(result.ExitCode, result.StdErrLines);
    }

    /// <summary>
    /// Every element dcmdump prints (dataset and meta group), with its nesting path, VR, value text and length.
    /// Item and delimitation lines only shape the paths and are not returned; encapsulated pixel items
    /// (VR "pi") are not returned either (pixel-compare.py is the oracle for pixel data).
    /// Flags: <c>-dc</c> no correction, <c>+L</c> print long values completely, <c>-M +R 64</c> values of
    /// 64 KiB and more are not loaded (printed "(not loaded)", compared by length only: mostly pixel data),
    /// <c>-Un</c> UIDs as numbers, <c>+Qo</c> non-ASCII and control bytes as octal escapes (so the text is
    /// plain ASCII and a trailing NUL is visible as <c>\000</c>).
    /// </summary>
    /// <exception cref="InvalidOperationException">dcmdump could not read the file (message has its stderr).</exception>
    public static IReadOnlyList<DumpElement> Elements(string path, TimeSpan? timeout = null)
    {
        var result = ProcessRunner.Run(
            "dcmdump",
            ["-dc", "+L", "-M", "+R", "64", "-Un", "+Qo", "--log-level", "error", path],
            timeout: timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"dcmdump could not read {path}: {result.Describe()}");
        }
        return DumpParser.Parse(result.StdOut);
    }
}

/// <summary>The outcome of <see cref="Dcmdump.Check"/>: clean means exit 0 and nothing on stderr.</summary>
public sealed record DcmdumpCheck(int ExitCode, IReadOnlyList<string> StdErrLines)
{
    public bool IsClean => ExitCode == 0 && StdErrLines.Count == 0;

    /// <summary>Lines starting with "E:" (errors; "W:" lines are warnings).</summary>
    public IReadOnlyList<string> Errors => StdErrLines.Where(l => l.StartsWith("E:", StringComparison.Ordinal)).ToArray();

    public override string ToString() =>
        $"dcmdump exit {ExitCode}" + (StdErrLines.Count == 0 ? ", no stderr" : ":\n  " + string.Join("\n  ", StdErrLines));
}
