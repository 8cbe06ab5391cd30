using System.Text;

namespace DropBox.Dicom;

/// <summary>One element of a file's element tree: its tag, and for a sequence its items, for pixel data its fragments.</summary>
public sealed class DicomStructureNode(DicomTag tag)
{
    public DicomTag Tag { get; } = tag;

    /// <summary>The items of a sequence, each a list of elements; null for anything else.</summary>
    public List<List<DicomStructureNode>>? Items { get; init; }

    /// <summary>Encapsulated pixel data: the number of items, offset table included; -1 for anything else.</summary>
    public int FragmentItems { get; init; } = -1;
}

/// <summary>
/// A Part 10 file's element tree as <see cref="DicomStrictReader"/> read it (tags and nesting only, never values),
/// and where its pixel data values lie.
/// </summary>
public sealed class DicomStructure
{
    public required IReadOnlyList<DicomStructureNode> Dataset { get; init; }

    /// <summary>The transfer syntax the meta group names.</summary>
    public required TransferSyntax TransferSyntax { get; init; }

    /// <summary>Where the dataset starts in the file (for a deflated file: where the deflated stream starts).</summary>
    public required long DatasetStart { get; init; }

    /// <summary>
    /// Offset and length of every pixel data value and fragment ((7FE0,0010/0008/0009) at any depth): file offsets,
    /// or offsets into the inflated dataset of a deflated file.
    /// </summary>
    public required IReadOnlyList<(long Offset, long Length)> PixelValues { get; init; }

    /// <summary>
    /// The first place where this tree and the dataset a writer was given differ (tags, nesting, item and fragment
    /// counts), as a tag path; null when they are the same. Group lengths, which the writer drops, are not compared.
    /// </summary>
    public string? FirstDifference(DicomDataset written) => Compare(Dataset, written, string.Empty);

    private static string? Compare(IReadOnlyList<DicomStructureNode> read, DicomDataset written, string path)
    {
        var i = 0;
        foreach (var item in written)
        {
            if (item.Tag.IsGroupLength)
            {
                continue;
            }
            if (i >= read.Count)
            {
                return $"{path}{item.Tag} is missing from the output";
            }
            var node = read[i++];
            if (node.Tag != item.Tag)
            {
                return $"{path}{Earlier(node.Tag, item.Tag)} is where the output and the intended dataset first differ";
            }
            if (Differs(node, item, path) is { } difference)
            {
                return difference;
            }
        }
        return i < read.Count ? $"{path}{read[i].Tag} is in the output but was not written" : null;
    }

    private static string? Differs(DicomStructureNode node, DicomItem item, string path)
    {
        switch (item)
        {
            case DicomSequence sequence:
                if (node.Items is null || node.Items.Count != sequence.Items.Count)
                {
                    return $"{path}{item.Tag} reads back as {(node.Items is null ? "no sequence" : $"{node.Items.Count} item(s)")} instead of {sequence.Items.Count} item(s)";
                }
                for (var k = 0; k < sequence.Items.Count; k++)
                {
                    if (Compare(node.Items[k], sequence.Items[k], new StringBuilder(path).Append(item.Tag.ToString()).Append('[').Append(k).Append("]>").ToString()) is { } inner)
                    {
                        return inner;
                    }
                }
                return null;
            case DicomFragments fragments:
                return node.FragmentItems == fragments.Fragments.Count + 1 ? null
                    : $"{path}{item.Tag} reads back with {node.FragmentItems} pixel data item(s) instead of {fragments.Fragments.Count + 1}";
            default:
                return node.Items is not null || node.FragmentItems >= 0 ? $"{path}{item.Tag} reads back as a sequence or pixel data items instead of a value" : null;
        }
    }

    private static DicomTag Earlier(DicomTag a, DicomTag b) => a.CompareTo(b) < 0 ? a : b;
}
