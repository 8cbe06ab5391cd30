using System.Text;

namespace DropBox.Dicom;

/// <summary>
/// Where the parser is: the chain of sequences and item indexes (0-based) above the current element.
/// Text form "(0040,A730)[2]>(0040,A160)"; never holds a value.
/// </summary>
internal sealed class TagPath
{
    private readonly List<(DicomTag Sequence, int Item)> _frames = [];

    public int Depth => _frames.Count;

    public void Push(DicomTag sequence, int item) => _frames.Add((sequence, item));

    public void Pop() => _frames.RemoveAt(_frames.Count - 1);

    public string Format(DicomTag? current)
    {
        var text = new StringBuilder();
        foreach (var (sequence, item) in _frames)
        {
            text.Append(sequence.ToString()).Append('[').Append(item).Append("]>");
        }
        if (current is { } tag)
        {
            text.Append(tag.ToString());
        }
        else if (text.Length > 0)
        {
            text.Length--;
        }
        return text.ToString();
    }
}
