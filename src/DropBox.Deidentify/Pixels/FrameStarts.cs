using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels;

/// <summary>
/// Which fragments begin a frame. A non-empty Basic Offset Table says so exactly (its offsets count from the first
/// fragment's item tag, 8 header bytes per item); without one, or with one that does not line up with the
/// fragments, every fragment that begins with the family's start marker (SOI, SOC, or the JP2 signature) does.
/// </summary>
internal static class FrameStarts
{
    private const int MaxOffsetTableBytes = 1 << 20; // 262,144 frames

    public static List<int> Of(DicomFragments fragments, CompressionFamily family)
    {
        if (fragments.Fragments.Count == 0)
        {
            return [];
        }
        if (FromOffsetTable(fragments) is { } starts)
        {
            return starts;
        }
        var found = new List<int>();
        for (var i = 0; i < fragments.Fragments.Count; i++)
        {
            if (FrameWalker.BeginsFrame(new FrameBytes([fragments.Fragments[i]]), family))
            {
                found.Add(i);
            }
        }
        if (found.Count == 0 || found[0] != 0)
        {
            found.Insert(0, 0); // what comes before the first start marker is a frame we cannot walk: it is reported
        }
        return found;
    }

    private static List<int>? FromOffsetTable(DicomFragments fragments)
    {
        var table = fragments.OffsetTable;
        if (table.Length < 4 || table.Length % 4 != 0 || table.Length > MaxOffsetTableBytes)
        {
            return null;
        }
        var bytes = new byte[table.Length];
        if (table.Read(0, bytes) != bytes.Length)
        {
            return null;
        }
        // Offsets and item starts both only grow: one pass over both (no dictionary over a number key, which is
        // generic code every process would JIT).
        var starts = new List<int>();
        var index = 0;
        long itemStart = 0;
        for (var i = 0; i < bytes.Length; i += 4)
        {
            long offset = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(i));
            while (index < fragments.Fragments.Count && itemStart < offset)
            {
                itemStart += ItemSize(fragments.Fragments[index]);
                index++;
            }
            if (index >= fragments.Fragments.Count || itemStart != offset || starts.Count == 0 && index != 0
                || starts.Count > 0 && index <= starts[^1])
            {
                return null;
            }
            starts.Add(index);
        }
        return starts;
    }

    /// <summary>An item's size in the file: tag, length, and the value padded to even length as the writer writes it.</summary>
    private static long ItemSize(DicomValue fragment) => 8 + fragment.Length + (fragment.Length & 1);
}
