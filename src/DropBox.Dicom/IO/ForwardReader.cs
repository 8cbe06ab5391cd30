using System.Buffers.Binary;

namespace DropBox.Dicom;

/// <summary>
/// Reads a stream front to back counting bytes, for <see cref="DicomStrictReader"/>: headers are read, values are
/// skipped (by seeking where the stream can, else by reading into a scratch buffer), so pixel data costs nothing
/// on a file and one pass on an inflated stream. Every read past the end is a <see cref="DicomFormatException"/>.
/// </summary>
internal sealed class ForwardReader(Stream stream, long? length)
{
    private readonly byte[] _scratch = new byte[16];
    private byte[]? _skipBuffer;

    public long Position { get; private set; }

    /// <summary>The stream's length when known (a file), else null (an inflated stream: the end is where reading stops).</summary>
    public long? Length => length;

    /// <summary>Reads <paramref name="count"/> (≤ 16) bytes; false at a clean end of input (nothing left), throws on a partial read.</summary>
    public bool TryRead(int count, out ReadOnlySpan<byte> bytes)
    {
        var got = stream.ReadAtLeast(_scratch.AsSpan(0, count), count, throwOnEndOfStream: false);
        if (got == 0)
        {
            bytes = default;
            return false;
        }
        if (got < count)
        {
            throw new DicomFormatException(Position, string.Empty, $"the output ends {got} byte(s) into a {count}-byte header");
        }
        Position += count;
        bytes = _scratch.AsSpan(0, count);
        return true;
    }

    public ReadOnlySpan<byte> Read(int count) =>
        TryRead(count, out var bytes) ? bytes : throw new DicomFormatException(Position, string.Empty, "the output ends where a header should be");

    public ushort UInt16(ReadOnlySpan<byte> bytes, bool big) => big ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);

    public uint UInt32(ReadOnlySpan<byte> bytes, bool big) => big ? BinaryPrimitives.ReadUInt32BigEndian(bytes) : BinaryPrimitives.ReadUInt32LittleEndian(bytes);

    /// <summary>Reads a value small enough to hold (meta group values).</summary>
    public byte[] ReadValue(uint count)
    {
        var value = new byte[count];
        if (stream.ReadAtLeast(value, value.Length, throwOnEndOfStream: false) < value.Length)
        {
            throw new DicomFormatException(Position, string.Empty, "the output ends inside a value");
        }
        Position += count;
        return value;
    }

    public void Skip(long count)
    {
        if (length is { } known && Position + count > known)
        {
            throw new DicomFormatException(Position, string.Empty, $"a value of {count} byte(s) runs past the end of the output");
        }
        if (stream.CanSeek)
        {
            stream.Seek(count, SeekOrigin.Current);
            Position += count;
            return;
        }
        _skipBuffer ??= new byte[64 * 1024];
        while (count > 0)
        {
            var got = stream.Read(_skipBuffer, 0, (int)Math.Min(count, _skipBuffer.Length));
            if (got == 0)
            {
                throw new DicomFormatException(Position, string.Empty, "the output ends inside a value");
            }
            count -= got;
            Position += got;
        }
    }
}
