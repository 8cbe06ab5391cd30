namespace DropBox.Deidentify.Pixels.Regions;

/// <summary>
/// A frame could not be read for text (the OCR program is missing, crashed, timed out or printed something that is
/// not its word list). Whoever cleans pixels fails closed on it: the file goes to quarantine, never out unread.
/// The message names the program, its exit code and the frame number, never text read from a frame.
/// </summary>
public sealed class FrameTextReadException : Exception
{
    public FrameTextReadException(string message) : base(message)
    {
    }

    public FrameTextReadException(string message, Exception inner) : base(message, inner)
    {
    }
}
