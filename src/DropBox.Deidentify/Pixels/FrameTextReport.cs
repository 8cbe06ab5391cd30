namespace DropBox.Deidentify.Pixels;

/// <summary>
/// What cleaning one pixel data element did, for the what-if plan: how many text segments were blanked in how many
/// frames (and which kinds), and how many frames could not be walked and why (the first reason; never content).
/// </summary>
internal sealed class FrameTextReport
{
    private readonly SortedSet<string> _kinds = new(StringComparer.Ordinal);
    private string? _firstProblem;

    public int SegmentsBlanked { get; private set; }

    public int FramesBlanked { get; private set; }

    public int FramesNotWalked { get; private set; }

    public void Blanked(IReadOnlyList<SegmentBlank> blanks)
    {
        SegmentsBlanked += blanks.Count;
        FramesBlanked++;
        foreach (var blank in blanks)
        {
            _kinds.Add(blank.Segment);
        }
    }

    public void NotWalked(int frame, string problem)
    {
        FramesNotWalked++;
        _firstProblem ??= $"frame {frame}: {problem}";
    }

    /// <summary>The plan's action text, e.g. "keep; 2 text segments blanked in 1 frame (APP1, COM)".</summary>
    public string PlanText()
    {
        var text = "keep";
        if (SegmentsBlanked > 0)
        {
            text += $"; {Count(SegmentsBlanked, "text segment")} blanked in {Count(FramesBlanked, "frame")} ({string.Join(", ", _kinds)})";
        }
        if (FramesNotWalked > 0)
        {
            text += $"; {Count(FramesNotWalked, "frame")} not walked, kept unchanged ({_firstProblem})";
        }
        return text;
    }

    private static string Count(int n, string noun) => n == 1 ? $"1 {noun}" : $"{n} {noun}s";
}
