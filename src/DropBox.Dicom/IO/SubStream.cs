namespace DropBox.Dicom;

/// <summary>Read-only view of the source from an offset to its end (feeds the inflater without copying).</summary>
internal sealed class SubStream(DicomByteReader reader, long start) : Stream
{
    private long _read;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, reader.Length - start - _read);
        if (n <= 0)
        {
            return 0;
        }
        reader.TryPeekAt(start + _read, buffer[..n]);
        _read += n;
        return n;
    }

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
