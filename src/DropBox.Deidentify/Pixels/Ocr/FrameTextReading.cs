using System.Runtime.ExceptionServices;
using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Deidentify.Pixels.Ocr;

/// <summary>
/// Reads many frames with one <see cref="IFrameTextReader"/> across cores: OCR is the slow part of pixel cleaning
/// (~0.2 s per 640x480 frame per core with tesseract single-threaded), and its own threads are slower than one
/// process per core, so the frames are spread over <c>parallelism</c> readers at once.
/// </summary>
public static class FrameTextReading
{
    /// <summary>The words of every frame, in frame order. The first failure (e.g. a
    /// <see cref="FrameTextReadException"/>) is thrown as itself, not wrapped, and stops frames not yet started.</summary>
    public static IReadOnlyList<IReadOnlyList<FoundText>> ReadAll(
        IFrameTextReader reader, IReadOnlyList<FrameImage> frames, int parallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var results = new IReadOnlyList<FoundText>[frames.Count];
        if (parallelism == 1 || frames.Count <= 1)
        {
            for (var i = 0; i < frames.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                results[i] = reader.Read(frames[i], cancellationToken);
            }
            return results;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken };
        try
        {
            // Parallel.For starts no new frame once one has thrown.
            Parallel.For(0, frames.Count, options, i => results[i] = reader.Read(frames[i], cancellationToken));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        return results;
    }
}
