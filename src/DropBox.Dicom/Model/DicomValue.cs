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

    /// <summary>Reads the whole value into a new array (use only for values known to be small).</summary>
    public virtual byte[] ToArray()
    {
        using var buffer = new MemoryStream(checked((int)Length));
        CopyTo(buffer);
        return buffer.ToArray();
    }

    public static DicomValue FromBytes(byte[] bytes) => bytes.Length == 0 ? Empty : new InMemoryValue(bytes);

    public static readonly DicomValue Empty = new InMemoryValue([]);
}

internal sealed class InMemoryValue(byte[] bytes) : DicomValue
{
    public override long Length => bytes.Length;
    public override ReadOnlySpan<byte> Span => bytes;
    public override bool IsInMemory => true;
    public override void CopyTo(Stream destination) => destination.Write(bytes);
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
}
