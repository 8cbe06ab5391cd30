using System.Buffers.Binary;

namespace DropBox.Dicom;

/// <summary>
/// Forward reader over a seekable stream with its own buffer (the stream itself should be unbuffered).
/// Skipping a large value seeks instead of reading, so big files cost only what is actually parsed.
/// </summary>
internal sealed class DicomByteReader : IDisposable
{
    private const int BufferSize = 128 * 1024;
    // Bytes read ahead per refill: most headers fit, and the pixel data after them is copied from the file when the
    // output is written, so filling the whole buffer would read ~100 KiB of it twice per file.
    private const int ReadAhead = 16 * 1024;
    private readonly Stream _stream;
    // Pooled: a fresh 128 KiB array per file would land on the large object heap every time.
    private byte[] _buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(BufferSize);
    private long _bufferStart;
    private int _bufferLength;
    private int _pos;

    public DicomByteReader(Stream stream)
    {
        _stream = stream;
        _bufferStart = stream.Position;
        Length = stream.Length;
    }

    public long Length { get; }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        _bufferLength = 0;
        _pos = 0;
        System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
    }

    public long Position => _bufferStart + _pos;

    public long Remaining => Length - Position;

    /// <summary>Makes <paramref name="count"/> bytes (at most the buffer size) available; false at end of input.</summary>
    public bool Ensure(int count)
    {
        if (_bufferLength - _pos >= count)
        {
            return true;
        }
        if (Remaining < count)
        {
            return false;
        }
        Refill(count);
        return _bufferLength - _pos >= count;
    }

    /// <summary>Keeps the unread bytes and reads until <paramref name="count"/> are there, at least <see cref="ReadAhead"/> more.</summary>
    private void Refill(int count)
    {
        var keep = _bufferLength - _pos;
        if (keep > 0 && _pos > 0)
        {
            Buffer.BlockCopy(_buffer, _pos, _buffer, 0, keep);
        }
        _bufferStart += _pos;
        _pos = 0;
        _bufferLength = keep;
        _stream.Position = _bufferStart + _bufferLength;
        var target = Math.Min(_buffer.Length, Math.Max(count, keep + ReadAhead));
        while (_bufferLength < target)
        {
            var read = _stream.Read(_buffer, _bufferLength, target - _bufferLength);
            if (read == 0)
            {
                break;
            }
            _bufferLength += read;
        }
    }

    /// <summary>The next bytes without consuming them; call <see cref="Ensure"/> first.</summary>
    public ReadOnlySpan<byte> Peek(int count) => _buffer.AsSpan(_pos, count);

    public ushort ReadUInt16(bool bigEndian)
    {
        var v = bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_pos)) : BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(_pos));
        _pos += 2;
        return v;
    }

    public uint ReadUInt32(bool bigEndian)
    {
        var v = bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_pos)) : BinaryPrimitives.ReadUInt32LittleEndian(_buffer.AsSpan(_pos));
        _pos += 4;
        return v;
    }

    public DicomTag ReadTag(bool bigEndian) => new(ReadUInt16(bigEndian), ReadUInt16(bigEndian));

    public void Advance(int count) => _pos += count;

    /// <summary>Reads a value the caller has checked fits in what remains.</summary>
    public byte[] ReadBytes(int count)
    {
        var bytes = GC.AllocateUninitializedArray<byte>(count);
        if (Ensure(Math.Min(count, _buffer.Length)) && count <= _bufferLength - _pos)
        {
            _buffer.AsSpan(_pos, count).CopyTo(bytes);
            _pos += count;
            return bytes;
        }
        var have = _bufferLength - _pos;
        _buffer.AsSpan(_pos, have).CopyTo(bytes);
        _stream.Position = _bufferStart + _bufferLength;
        _stream.ReadExactly(bytes, have, count - have);
        _bufferStart = _stream.Position;
        _bufferLength = 0;
        _pos = 0;
        return bytes;
    }

    /// <summary>Moves forward without reading (seeks past the buffer for large values).</summary>
    public void Skip(long count) => Seek(Position + count);

    public void Seek(long position)
    {
        if (position >= _bufferStart && position <= _bufferStart + _bufferLength)
        {
            _pos = (int)(position - _bufferStart);
            return;
        }
        _bufferStart = position;
        _bufferLength = 0;
        _pos = 0;
    }

    /// <summary>Reads <paramref name="count"/> bytes at an absolute position without moving; false if not there.</summary>
    public bool TryPeekAt(long position, Span<byte> destination)
    {
        if (position < 0 || position + destination.Length > Length)
        {
            return false;
        }
        if (position >= _bufferStart && position + destination.Length <= _bufferStart + _bufferLength)
        {
            _buffer.AsSpan((int)(position - _bufferStart), destination.Length).CopyTo(destination);
            return true;
        }
        _stream.Position = position;
        _stream.ReadExactly(destination);
        return true;
    }
}
