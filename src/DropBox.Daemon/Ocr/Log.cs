using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Ocr;

/// <summary>OCR log events (EventIds 1680-1699). Arguments are frame sizes, counts, times, exit codes and scrubbed
/// exception descriptions: never a word read from a frame.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1680, Level = LogLevel.Debug, Message = "Read a {Width}x{Height} frame at scale {Scale}: {WordCount} word(s) in {ElapsedMs} ms")]
    public static partial void FrameRead(ILogger logger, int width, int height, int scale, int wordCount, long elapsedMs);

    [LoggerMessage(EventId = 1681, Level = LogLevel.Warning, Message = "Reading a {Width}x{Height} frame failed: {Reason}")]
    public static partial void FrameReadFailed(ILogger logger, Exception exception, int width, int height, string reason);
}
