namespace DropBox.Dicom;

/// <summary>
/// The bytes of one value, in the byte order of the source transfer syntax. Small values live in memory;
/// large ones (pixel data, anything over the read threshold) only reference their place in the source so a
/// 1 GB file never needs 1 GB of memory.
/// </summary>
public abstract class DicomValue
{
    public abstract long Length { get; }

    /// <summary>The bytes of an in-memory value; throws for a streamed (large) value.</summary>
    public abstract ReadOnlySpan<byte> Span { get; }

    public abstract bool IsInMemory { get; }

    /// <summary>Copies the value to <paramref name="destination"/>, in chunks for a streamed value.</summary>
    public abstract void CopyTo(Stream destination);

    /// <summary>
    /// Reads up to <paramref name="destination"/>.Length bytes from <paramref name="offset"/> into the value; returns how
    /// many were read (fewer only at the end of the value). For a streamed value only this part is read from the source,
    /// so a header can be looked at without loading a multi-megabyte frame.
    /// </summary>
    public abstract int Read(long offset, Span<byte> destination);

    /// <summary>Reads the whole value into a new array (use only for values known to be small).</summary>
    public virtual byte[] ToArray()
    {
        using var buffer = new MemoryStream(checked((int)Length));
        CopyTo(buffer);
        return buffer.ToArray();
    }

    public static DicomValue FromBytes(byte[] bytes) => bytes.Length == 0 ? Empty : new InMemoryValue(bytes);

    /// <summary>
    /// This value with <paramref name="patches"/> written over it: same length, every other byte as it was. A streamed
    /// value stays in the source and is patched while it is copied, so patching a frame header never loads the frame.
    /// Patches must lie inside the value and must not overlap.
    /// </summary>
    public static DicomValue WithPatches(DicomValue inner, IReadOnlyList<BytePatch> patches)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(patches);
        var ordered = BytePatch.Validate(patches, inner.Length);
        if (ordered.Length == 0)
        {
            return inner;
        }
        if (inner.IsInMemory)
        {
            var bytes = inner.ToArray();
            foreach (var patch in ordered)
            {
                patch.Bytes.CopyTo(bytes.AsSpan(checked((int)patch.Offset)));
            }
            return new InMemoryValue(bytes);
        }
        return new PatchedValue(inner, ordered);
    }

    public static readonly DicomValue Empty = new InMemoryValue([]);
}

internal sealed class InMemoryValue(byte[] bytes) : DicomValue
{
    public override long Length => bytes.Length;
    public override ReadOnlySpan<byte> Span => bytes;
    public override bool IsInMemory => true;
    public override void CopyTo(Stream destination) => destination.Write(bytes);

    public override int Read(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset >= bytes.Length)
        {
            return 0;
        }
        var count = (int)Math.Min(destination.Length, bytes.Length - offset);
        bytes.AsSpan((int)offset, count).CopyTo(destination);
        return count;
    }

    public override byte[] ToArray() => (byte[])bytes.Clone();
}

/// <summary>A value left in the source stream: (source, offset, length). Copied on demand.</summary>
internal sealed class StreamedValue(DicomSource source, long offset, long length) : DicomValue
{
    public override long Length => length;

    public override ReadOnlySpan<byte> Span =>
        throw new InvalidOperationException($"This value ({length} bytes) is not loaded into memory; use CopyTo.");

    public override bool IsInMemory => false;

    public long Offset => offset;

    public override void CopyTo(Stream destination) => source.CopyRange(offset, length, destination);

    public override int Read(long start, Span<byte> destination)
    {
        if (start < 0 || start >= length)
        {
            return 0;
        }
        var count = (int)Math.Min(destination.Length, length - start);
        source.ReadRange(offset + start, destination[..count]);
        return count;
    }
}
