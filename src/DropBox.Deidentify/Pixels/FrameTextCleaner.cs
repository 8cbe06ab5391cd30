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
        try
        {
            walk = FrameWalker.Walk(bytes, family);
        }
        catch (Exception e) when (e is DicomFormatException or IOException)
        {
            report.NotWalked(number, "its bytes could not be read");
            return;
        }
        if (walk.Problem is { } problem)
        {
            report.NotWalked(number, problem);
            return;
        }
        if (walk.Blanks.Count == 0)
        {
            return;
        }
        var patches = new List<BytePatch>[count];
        foreach (var blank in walk.Blanks)
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
        for (var i = 0; i < count; i++)
        {
            if (patches[i] is { } list)
            {
                fragments[first + i] = DicomValue.WithPatches(fragments[first + i], list);
            }
        }
        report.Blanked(walk.Blanks);
    }
}
