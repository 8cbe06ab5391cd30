namespace DropBox.Deidentify.Pixels;

/// <summary>A byte range of a frame to overwrite with <see cref="Fill"/>: the payload of one text-bearing segment.</summary>
internal sealed record SegmentBlank(string Segment, long Offset, long Length, byte Fill);

/// <summary>
/// What walking one frame's header segments found: the payloads to blank, or why the frame could not be walked
/// (then nothing of it is changed). Reasons name markers and byte offsets, never content.
/// </summary>
internal sealed class FrameWalk
{
    /// <summary>At most this many bytes of one frame are blanked (a hostile header cannot make us allocate more).</summary>
    public const long MaxBlankBytes = 1 << 20;

    private long _blankBytes;

    public List<SegmentBlank> Blanks { get; } = [];

    public string? Problem { get; private set; }

    public bool Failed => Problem is not null;

    public void Blank(string segment, long offset, long length, byte fill)
    {
        if (length <= 0 || Failed)
        {
            return;
        }
        _blankBytes += length;
        if (_blankBytes > MaxBlankBytes)
        {
            Fail($"more than {MaxBlankBytes} bytes of text segments");
            return;
        }
        Blanks.Add(new SegmentBlank(segment, offset, length, fill));
    }

    /// <summary>Marks the frame as not walkable; returns false so a walker can <c>return walk.Fail(...)</c>.</summary>
    public bool Fail(string problem)
    {
        Problem ??= problem;
        return false;
    }

    /// <summary>The problem when <paramref name="frame"/> ran out of budget or bytes at <paramref name="position"/>.</summary>
    public bool FailRead(FrameBytes frame, long position, string what) =>
        Fail(frame.OverBudget ? $"its header needs more than {FrameBytes.Budget} bytes read"
            : $"it ends inside {what} at byte {position}");
}
