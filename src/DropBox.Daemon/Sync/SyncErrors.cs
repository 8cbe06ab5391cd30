using System.Text.RegularExpressions;

namespace DropBox.Daemon.Sync;

/// <summary>Keeps file names (which may carry PHI) out of error texts that reach logs.</summary>
internal static partial class SyncErrors
{
    /// <summary>Replaces quoted strings and absolute paths with placeholders.</summary>
    public static string RedactPaths(string message)
    {
        var text = QuotedPattern().Replace(message, "\"<path>\"");
        text = SingleQuotedPattern().Replace(text, "'<path>'");
        return AbsolutePathPattern().Replace(text, "<path>");
    }

    [GeneratedRegex("\"[^\"\\n]*\"")]
    private static partial Regex QuotedPattern();

    [GeneratedRegex("'[^'\\n]*'")]
    private static partial Regex SingleQuotedPattern();

    [GeneratedRegex(@"(?<![\w<])/[^\s""':]+")]
    private static partial Regex AbsolutePathPattern();
}
