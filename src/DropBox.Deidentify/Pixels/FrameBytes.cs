using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels;

/// <summary>
/// One compressed frame: the concatenation of its fragments (a frame may span several, and a header segment may
/// straddle two), read through a small window so a multi-megabyte frame is never loaded to look at its header.
/// Reads past <see cref="Budget"/> bytes in total fail: a header that needs more is left alone, not walked.
/// </summary>
internal sealed class FrameBytes
{
    /// <summary>At most this much of one frame is read to walk its header segments.</summary>
    public const int Budget = 1 << 20;

    private const int WindowSize = 1024;

    private readonly IReadOnlyList<DicomValue> _fragments;
    private readonly long[] _starts; // frame offset of each fragment
    private readonly byte[] _window = new byte[WindowSize];
    private long _windowStart = -1;
    private int _windowLength;
    private long _loaded;

    public FrameBytes(IReadOnlyList<DicomValue> fragments)
    {
        _fragments = fragments;
        _starts = new long[fragments.Count];
        long position = 0;
        for (var i = 0; i < fragments.Count; i++)
        {
            _starts[i] = position;
            position += fragments[i].Length;
        }
        Length = position;
    }

    public long Length { get; }

    /// <summary>True once a read was refused because the frame's budget was spent.</summary>
    public bool OverBudget { get; private set; }

    public bool TryByte(long position, out byte value)
    {
        value = 0;
        if (position < 0 || position >= Length || !Load(position))
        {
            return false;
        }
        value = _window[position - _windowStart];
        return true;
    }

    /// <summary>A big-endian 16-bit number (JPEG and J2K lengths are big-endian).</summary>
    public bool TryUInt16(long position, out int value)
    {
        value = 0;
        if (!TryByte(position, out var high) || !TryByte(position + 1, out var low))
        {
            return false;
        }
        value = high << 8 | low;
        return true;
    }

    public bool TryUInt32(long position, out long value)
    {
        value = 0;
        if (!TryUInt16(position, out var high) || !TryUInt16(position + 2, out var low))
        {
            return false;
        }
        value = (long)high << 16 | (uint)low;
        return true;
    }

    /// <summary>Whether the bytes at <paramref name="position"/> are exactly <paramref name="expected"/>.</summary>
    public bool StartsWith(long position, ReadOnlySpan<byte> expected)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            if (!TryByte(position + i, out var b) || b != expected[i])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>The fragment holding frame offset <paramref name="position"/>, and the offset inside it.</summary>
    public int Locate(long position, out long offset)
    {
        // The last fragment starting at or before the position (which also skips empty fragments there).
        int low = 0, high = _starts.Length - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (_starts[middle] <= position)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }
        var index = low;
        offset = position - _starts[index];
        return index;
    }

    private bool Load(long position)
    {
        if (position >= _windowStart && position < _windowStart + _windowLength)
        {
            return true;
        }
        var length = (int)Math.Min(WindowSize, Length - position);
        if (_loaded + length > Budget)
        {
            OverBudget = true;
            return false;
        }
        _loaded += length;
        var filled = 0;
        while (filled < length)
        {
            var fragment = Locate(position + filled, out var offset);
            var read = _fragments[fragment].Read(offset, _window.AsSpan(filled, length - filled));
            if (read == 0)
            {
                return false;
            }
            filled += read;
        }
        _windowStart = position;
        _windowLength = length;
        return true;
    }
}
