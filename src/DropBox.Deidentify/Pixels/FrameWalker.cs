namespace DropBox.Deidentify.Pixels;

/// <summary>Walks one frame with the walker its compression family uses.</summary>
internal static class FrameWalker
{
    public static FrameWalk Walk(FrameBytes frame, CompressionFamily family)
    {
        if (family == CompressionFamily.Jpeg)
        {
            return JpegHeaderWalker.Walk(frame);
        }
        var walk = new FrameWalk();
        if (Jp2BoxWalker.StartsAt(frame))
        {
            Jp2BoxWalker.Walk(frame, walk);
        }
        else
        {
            J2kCodestreamWalker.Walk(frame, 0, frame.Length, walk);
        }
        return walk;
    }

    /// <summary>Whether a fragment begins a frame of <paramref name="family"/> (used when there is no offset table).</summary>
    public static bool BeginsFrame(FrameBytes fragment, CompressionFamily family) => family == CompressionFamily.Jpeg
        ? fragment.StartsWith(0, [0xFF, 0xD8, 0xFF])
        : J2kCodestreamWalker.StartsAt(fragment, 0) || Jp2BoxWalker.StartsAt(fragment);
}
