namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// One problem in a rules file: where it is (1-based line and column; line 0 when the file itself cannot be read) and
/// what to change. The message quotes only the rules file's own text, never a value read from a DICOM file.
/// </summary>
public sealed record PixelRuleError(string SourceName, int Line, int Column, string Message)
{
    /// <summary>"source:line:column: message", the form compilers use, so editors can jump to it.</summary>
    public override string ToString() =>
        Line > 0 ? $"{SourceName}:{Line}:{Column}: {Message}" : $"{SourceName}: {Message}";
}

/// <summary>The outcome of parsing a rules file: the rules when there was no error, and every error found.</summary>
public sealed record PixelRuleParseResult(PixelRuleSet? Rules, IReadOnlyList<PixelRuleError> Errors)
{
    public bool Succeeded => Errors.Count == 0 && Rules is not null;
}
