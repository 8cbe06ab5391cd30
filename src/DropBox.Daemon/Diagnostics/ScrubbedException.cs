namespace DropBox.Daemon.Diagnostics;

/// <summary>
/// What a log call passes instead of the exception it caught: the original's type name and stack trace (so the log
/// says where it failed) with its message scrubbed by <see cref="PhiSafe"/> (.NET's I/O messages quote paths, and an
/// uploaded file's name may be a patient's name). Inner exceptions are scrubbed the same way. Never thrown.
/// </summary>
internal sealed class ScrubbedException : Exception
{
    private readonly string? _stackTrace;

    private ScrubbedException(Exception original)
        : base(PhiSafe.Describe(original), original.InnerException is { } inner ? new ScrubbedException(inner) : null)
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        _stackTrace = original.StackTrace;
    }

    /// <summary>The full name of the exception that was caught.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => _stackTrace;

    /// <summary>The scrubbed stand-in for <paramref name="exception"/>.</summary>
    public static ScrubbedException From(Exception exception) =>
        exception as ScrubbedException ?? new ScrubbedException(exception);

    public override string ToString()
    {
        var text = $"{OriginalType} (message scrubbed): {Message}";
        if (InnerException is not null)
        {
            text += $" ---> {InnerException}{Environment.NewLine}   --- End of inner exception stack trace ---";
        }
        return _stackTrace is null ? text : text + Environment.NewLine + _stackTrace;
    }
}
