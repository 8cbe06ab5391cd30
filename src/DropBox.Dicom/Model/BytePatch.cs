namespace DropBox.Dicom;

/// <summary>
/// Bytes to write over a value at an offset, leaving its length unchanged (e.g. a comment segment inside a
/// compressed frame, blanked in place so fragment sizes and offset tables stay valid). A class, not a struct:
/// a list of a struct is generic code every process would JIT.
/// </summary>
public sealed class BytePatch
{
    public BytePatch(long offset, byte[] bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentNullException.ThrowIfNull(bytes);
        Offset = offset;
        Bytes = bytes;
    }

    public long Offset { get; }

    public byte[] Bytes { get; }

    public long End => Offset + Bytes.Length;

    /// <summary>The non-empty patches by offset; throws when one leaves the value or two overlap.</summary>
    internal static BytePatch[] Validate(IReadOnlyList<BytePatch> patches, long length)
    {
        var ordered = patches.Where(p => p.Bytes.Length > 0).OrderBy(p => p.Offset).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            if (ordered[i].End > length)
            {
                throw new ArgumentException($"a patch at {ordered[i].Offset} (+{ordered[i].Bytes.Length}) ends past the value ({length} bytes)", nameof(patches));
            }
            if (i > 0 && ordered[i].Offset < ordered[i - 1].End)
            {
                throw new ArgumentException($"the patches at {ordered[i - 1].Offset} and {ordered[i].Offset} overlap", nameof(patches));
            }
        }
        return ordered;
    }

    /// <summary>Writes the part of each patch that falls inside [<paramref name="start"/>, start + chunk.Length) over <paramref name="chunk"/>.</summary>
    internal static void Apply(BytePatch[] ordered, long start, Span<byte> chunk)
    {
        var end = start + chunk.Length;
        foreach (var patch in ordered)
        {
            if (patch.Offset >= end)
            {
                break;
            }
            if (patch.End <= start)
            {
                continue;
            }
            var from = Math.Max(patch.Offset, start);
            var to = Math.Min(patch.End, end);
            patch.Bytes.AsSpan((int)(from - patch.Offset), (int)(to - from)).CopyTo(chunk[(int)(from - start)..]);
        }
    }
}
