namespace DropBox.Dicom;

/// <summary>Read-only view of the source from an offset to its end (feeds the inflater without copying).</summary>
internal sealed class SubStream(DicomByteReader reader, long start) : ReadOnlyForwardStream
{
    private long _read;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

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
}
