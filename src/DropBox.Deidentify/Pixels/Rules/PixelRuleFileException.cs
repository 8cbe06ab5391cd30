namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>A rules file that cannot be used: its message lists every error, one per line, with line and column.</summary>
public sealed class PixelRuleFileException : Exception
{
    public PixelRuleFileException(IReadOnlyList<PixelRuleError> errors)
        : base(Describe(errors)) => Errors = errors;

    public PixelRuleFileException() : this([]) { }

    public PixelRuleFileException(string message) : base(message) => Errors = [];

    public PixelRuleFileException(string message, Exception innerException) : base(message, innerException) => Errors = [];

    public IReadOnlyList<PixelRuleError> Errors { get; }

    private static string Describe(IReadOnlyList<PixelRuleError> errors) =>
        errors.Count == 0
            ? "The pixel rules file cannot be used."
            : $"The pixel rules file has {errors.Count} error(s):{Environment.NewLine}"
              + string.Join(Environment.NewLine, errors.Select(e => "  " + e));
}
