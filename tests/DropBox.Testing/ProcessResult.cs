namespace DropBox.Testing;

/// <summary>What a finished program left behind. <see cref="CommandLine"/> is for failure messages.</summary>
public sealed record ProcessResult(int ExitCode, string StdOut, string StdErr, string CommandLine)
{
    /// <summary>Non-empty stderr lines, trailing whitespace removed.</summary>
    public IReadOnlyList<string> StdErrLines => SplitLines(StdErr);

    /// <summary>Non-empty stdout lines, trailing whitespace removed.</summary>
    public IReadOnlyList<string> StdOutLines => SplitLines(StdOut);

    /// <summary>A readable summary for assertion messages (exit code, command, stderr head).</summary>
    public string Describe(int maxStdErrChars = 2000)
    {
        var err = StdErr.Length > maxStdErrChars ? StdErr[..maxStdErrChars] + "…" : StdErr;
        return $"`{CommandLine}` exited {ExitCode}; stderr:\n{err}";
    }

    private static string[] SplitLines(string text) =>
        text.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToArray();
}
