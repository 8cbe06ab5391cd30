using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Deidentify.Pixels.Cleaning;

/// <summary>What cleaning the frames of one file came to: the first frame still showing forbidden text (null when none),
/// and how many OCR-found boxes no rule covered (they were blanked with a margin). Never any text.</summary>
internal sealed record FrameCleaningReport(int? FailedFrame, bool ReaderFailed, int OcrBoxes, int FramesWithOcrBoxes)
{
    public bool Passed => FailedFrame is null;
}

/// <summary>
/// The Clean Pixel Data flow for every frame, frames in parallel across the cores: (a) read the frame and blank, with a
/// margin, every word no rule region covers; (b) blank the rule regions; (c) read the cleaned frame again: a word
/// <paramref name="forbidden"/> says may not show (an identifier of the file, or any text) fails the file at that frame.
/// The frames are changed in place; a failed file's bytes are discarded by the caller.
/// </summary>
internal static class CleanThenVerify
{
    public static FrameCleaningReport Run(
        byte[] pixels, PixelLayout layout, IReadOnlyList<PixelRegion> regions, IFrameTextReader reader,
        Func<string, bool> forbidden, int margin, CancellationToken cancellationToken, int minConfidence = 0)
    {
        var failed = int.MaxValue;
        var readerFailed = false;
        var boxes = 0;
        var framesWithBoxes = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken };
        Parallel.For(0, layout.Frames, parallel, index =>
        {
            var frame = new NativeFrame(pixels, layout, index);
            int found;
            bool clean;
            try
            {
                found = CleanFrame(frame, regions, reader, forbidden, margin, minConfidence, cancellationToken);
                clean = !ShowsForbidden(frame, reader, forbidden, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A frame OCR could not read is a frame nobody checked: the file is held at that frame.
                Volatile.Write(ref readerFailed, true);
                found = 0;
                clean = false;
            }
            if (found > 0)
            {
                Interlocked.Add(ref boxes, found);
                Interlocked.Increment(ref framesWithBoxes);
            }
            if (!clean)
            {
                InterlockedMin(ref failed, frame.Number);
            }
        });
        return new FrameCleaningReport(failed == int.MaxValue ? null : failed, readerFailed, boxes, framesWithBoxes);
    }

    /// <summary>Steps (a) and (b); returns how many OCR-found words it blanked outside the rule regions. A word is blanked
    /// when it is forbidden (an identifier of the file: at any confidence) or read with at least
    /// <paramref name="minConfidence"/> and a letter or digit in it; what OCR half-reads in image texture (ultrasound
    /// speckle reads as a hundred junk "words" under 50) stays, and step (c) still holds the file if an identifier shows.</summary>
    private static int CleanFrame(NativeFrame frame, IReadOnlyList<PixelRegion> regions, IFrameTextReader reader,
        Func<string, bool> forbidden, int margin, int minConfidence, CancellationToken cancellationToken)
    {
        var found = 0;
        foreach (var word in reader.Read(frame.Render(), cancellationToken))
        {
            if (string.IsNullOrWhiteSpace(word.Text) || regions.Any(r => Covers(r, word.Box)))
            {
                continue;
            }
            var legible = word.Confidence >= minConfidence && word.Text.Any(char.IsLetterOrDigit);
            if (!legible && !forbidden(word.Text))
            {
                continue;
            }
            var box = word.Box;
            frame.Blank(new PixelRegion(box.X - margin, box.Y - margin, box.Width + (2 * margin), box.Height + (2 * margin)));
            found++;
        }
        foreach (var region in regions)
        {
            frame.Blank(region);
        }
        return found;
    }

    private static bool ShowsForbidden(NativeFrame frame, IFrameTextReader reader, Func<string, bool> forbidden, CancellationToken cancellationToken)
    {
        foreach (var word in reader.Read(frame.Render(), cancellationToken))
        {
            if (!string.IsNullOrWhiteSpace(word.Text) && forbidden(word.Text))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Whether <paramref name="box"/> lies wholly inside <paramref name="region"/>: a word half outside a rule's
    /// band is text the rule does not cover.</summary>
    internal static bool Covers(PixelRegion region, PixelRegion box) =>
        box.X >= region.X && box.Y >= region.Y
        && (long)box.X + box.Width <= (long)region.X + region.Width
        && (long)box.Y + box.Height <= (long)region.Y + region.Height;

    private static void InterlockedMin(ref int target, int value)
    {
        for (var current = Volatile.Read(ref target); value < current; current = Volatile.Read(ref target))
        {
            if (Interlocked.CompareExchange(ref target, value, current) == current)
            {
                return;
            }
        }
    }
}
