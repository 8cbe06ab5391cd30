using System.Text.RegularExpressions;

namespace DropBox.Daemon.Diagnostics;

/// <summary>
/// Turns an exception into text fit for a log line or a reason.json. .NET's I/O exceptions quote file paths,
/// and an uploaded file's name often is a patient's name, so every quoted path and anything that looks like a
/// path is replaced; only the exception type and the rest of the message remain.
/// </summary>
internal static partial class PhiSafe
{
    public static string Describe(Exception exception)
    {
        var message = QuotedText().Replace(exception.Message, "'<path>'");
        message = PathLike().Replace(message, "<path>");
        return $"{exception.GetType().Name}: {message}";
    }

    [GeneratedRegex("'[^']*'")]
    private static partial Regex QuotedText();

    [GeneratedRegex(@"(?:/[^\s/:]+)+/?")]
    private static partial Regex PathLike();
}
