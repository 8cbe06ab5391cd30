namespace DropBox.Deidentify.Verification;

/// <summary>
/// A read-only view of a stream without some byte ranges (pixel data values): the verifier searches what is left.
/// A match that spans a gap is a chance of the joined bytes, which can only cost a false alarm, never a miss of a
/// value outside the ranges. <see cref="OriginalOffset"/> maps an offset in this view back to the stream.
/// </summary>
internal sealed class GapStream(Stream inner, IReadOnlyList<(long Offset, long Length)> gaps) : DropBox.Dicom.ReadOnlyForwardStream
{
    // Gaps in offset order, as the strict reader found them (it reads front to back).
    private long _position;   // in the inner stream, counted from where reading started
    private long _read;       // bytes given out
    private int _next;        // the next gap not yet passed
    private byte[]? _discard;

    public override long Position { get => _read; set => throw new NotSupportedException(); }

    public override int Read(Span<byte> buffer)
    {
        while (_next < gaps.Count && _position >= gaps[_next].Offset)
        {
            var (gapStart, gapLength) = gaps[_next++];
            SkipTo(gapStart + gapLength);
        }
        var limit = _next < gaps.Count ? gaps[_next].Offset - _position : long.MaxValue;
        var n = inner.Read(buffer[..(int)Math.Min(buffer.Length, limit)]);
        _position += n;
        _read += n;
        return n;
    }

    /// <summary>The inner stream's offset of byte <paramref name="offset"/> of this view.</summary>
    public long OriginalOffset(long offset)
    {
        foreach (var (gapStart, gapLength) in gaps)
        {
            if (gapStart > offset)
            {
                break;
            }
            offset += gapLength;
        }
        return offset;
    }

    private void SkipTo(long target)
    {
        if (target <= _position)
        {
            return;
        }
        if (inner.CanSeek)
        {
            inner.Seek(target - _position, SeekOrigin.Current);
            _position = target;
            return;
        }
        _discard ??= new byte[64 * 1024];
        while (_position < target)
        {
            var n = inner.Read(_discard, 0, (int)Math.Min(_discard.Length, target - _position));
            if (n == 0)
            {
                return;
            }
            _position += n;
        }
    }
}
