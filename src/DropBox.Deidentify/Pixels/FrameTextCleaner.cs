using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels;

/// <summary>
/// Blanks the text-bearing header segments of every frame of encapsulated pixel data (JPEG and JPEG-LS COM and
/// APPn, JPEG 2000 COM), in place: payloads are overwritten, markers and lengths stay, so every frame, fragment
/// and offset table (Basic and Extended) keeps its size and the image decodes to the same pixels. A frame that
/// cannot be walked is left exactly as it is and reported. Never throws for a bad frame.
/// </summary>
internal static class FrameTextCleaner
{
    public static FrameTextReport Clean(DicomFragments pixels, string transferSyntaxUid)
    {
        var report = new FrameTextReport();
        var family = CompressionFamilies.Of(transferSyntaxUid);
        if (family == CompressionFamily.None)
        {
            return report;
        }
        List<int> starts;
        try
        {
            starts = FrameStarts.Of(pixels, family);
        }
        catch (Exception e) when (e is DicomFormatException or IOException)
        {
            report.NotWalked(1, "its fragments could not be read");
            return report;
        }
        for (var frame = 0; frame < starts.Count; frame++)
        {
            var first = starts[frame];
            var end = frame + 1 < starts.Count ? starts[frame + 1] : pixels.Fragments.Count;
            CleanFrame(pixels.Fragments, first, end - first, family, frame + 1, report);
        }
        return report;
    }

    private static void CleanFrame(List<DicomValue> fragments, int first, int count, CompressionFamily family, int number, FrameTextReport report)
    {
        var bytes = new FrameBytes(fragments.GetRange(first, count));
        FrameWalk walk;
        DicomValue?[] patched;
        try
        {
            walk = FrameWalker.Walk(bytes, family);
            if (walk.Problem is { } problem)
            {
                report.NotWalked(number, problem);
                return;
            }
            patched = Patch(fragments, first, count, bytes, walk.Blanks);
        }
        catch (Exception e) when (e is DicomFormatException or IOException or ArgumentException)
        {
            report.NotWalked(number, "its bytes could not be read or patched");
            return;
        }
        // Only now, with every patch built, is the frame changed: a frame is cleaned whole or not at all.
        for (var i = 0; i < count; i++)
        {
            if (patched[i] is { } value)
            {
                fragments[first + i] = value;
            }
        }
        if (walk.Blanks.Count > 0)
        {
            report.Blanked(walk.Blanks);
        }
    }

    /// <summary>The frame's fragments with the blanks written over them (null where a fragment is untouched).</summary>
    private static DicomValue?[] Patch(List<DicomValue> fragments, int first, int count, FrameBytes bytes, List<SegmentBlank> blanks)
    {
        var patches = new List<BytePatch>?[count];
        foreach (var blank in blanks)
        {
            // A payload may straddle fragments: one patch per fragment it touches.
            for (var position = blank.Offset; position < blank.Offset + blank.Length;)
            {
                var fragment = bytes.Locate(position, out var offset);
                var length = Math.Min(blank.Offset + blank.Length - position, fragments[first + fragment].Length - offset);
                var fill = new byte[length];
                Array.Fill(fill, blank.Fill);
                (patches[fragment] ??= []).Add(new BytePatch(offset, fill));
                position += length;
            }
        }
        var patched = new DicomValue?[count];
        for (var i = 0; i < count; i++)
        {
            if (patches[i] is { } list)
            {
                patched[i] = DicomValue.WithPatches(fragments[first + i], list);
            }
        }
        return patched;
    }
}
