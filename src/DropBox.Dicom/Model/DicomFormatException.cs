namespace DropBox.Dicom;

/// <summary>
/// The input is not DICOM or is broken beyond what can be delimited. The message names the byte offset and
/// the tag path (e.g. "(0040,A730)[2]>(0040,A160)"), never a value, so it is safe to log.
/// </summary>
public sealed class DicomFormatException : Exception
{
    public DicomFormatException(long offset, string tagPath, string problem, Exception? inner = null)
        : base(Format(offset, tagPath, problem), inner)
    {
        Offset = offset;
        TagPath = tagPath;
        Problem = problem;
    }

    public DicomFormatException() : this(0, string.Empty, "malformed DICOM") { }

    public DicomFormatException(string message) : this(0, string.Empty, message) { }

    public DicomFormatException(string message, Exception inner) : this(0, string.Empty, message, inner) { }

    public long Offset { get; }

    public string TagPath { get; } = string.Empty;

    /// <summary>What is wrong, without the position.</summary>
    public string Problem { get; } = string.Empty;

    private static string Format(long offset, string tagPath, string problem) =>
        tagPath.Length > 0 ? $"at byte offset {offset}, {tagPath}: {problem}" : $"at byte offset {offset}: {problem}";
}
