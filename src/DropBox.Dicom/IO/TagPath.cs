using System.Text;

namespace DropBox.Dicom;

/// <summary>
/// Where the parser is: the chain of sequences and item indexes (0-based) above the current element.
/// Text form "(0040,A730)[2]>(0040,A160)"; never holds a value.
/// </summary>
internal sealed class TagPath
{
    // Parallel arrays, not a List of tuples: a generic list of a value type is code every process would JIT.
    private DicomTag[] _sequences = new DicomTag[8];
    private int[] _items = new int[8];

    public int Depth { get; private set; }

    public void Push(DicomTag sequence, int item)
    {
        if (Depth == _sequences.Length)
        {
            Array.Resize(ref _sequences, Depth * 2);
            Array.Resize(ref _items, Depth * 2);
        }
        _sequences[Depth] = sequence;
        _items[Depth] = item;
        Depth++;
    }

    public void Pop() => Depth--;

    public string Format(DicomTag? current)
    {
        var text = new StringBuilder();
        for (var i = 0; i < Depth; i++)
        {
            text.Append(_sequences[i].ToString()).Append('[').Append(_items[i]).Append("]>");
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
