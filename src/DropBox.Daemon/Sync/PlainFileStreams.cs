using DropBox.Dicom;

namespace DropBox.Daemon.Sync;

/// <summary>A forward-only stream that gives back the head already read, then the rest of the source.</summary>
internal sealed class PrefixedStream(byte[] head, Stream rest) : ReadOnlyForwardStream
{
    private int _headPosition;

    public override int Read(Span<byte> buffer)
    {
        if (_headPosition < head.Length)
        {
            var n = Math.Min(buffer.Length, head.Length - _headPosition);
            head.AsSpan(_headPosition, n).CopyTo(buffer);
            _headPosition += n;
            return n;
        }

        return rest.Read(buffer);
    }
}

/// <summary>
/// Counts decompressed bytes against one budget shared by everything inspected in a file, and stops the
/// inspection (a hold) the moment the budget is spent: no archive makes the judge expand without bound.
/// </summary>
internal sealed class BudgetStream(Stream inner, PlainFileBudget budget) : ReadOnlyForwardStream
{
    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        budget.Spend(n);
        return n;
    }
}

/// <summary>The decompression budget of one judged file (see <see cref="PlainFileLimits.MaxExpandedBytes"/>).</summary>
internal sealed class PlainFileBudget(long limit)
{
    private long _spent;

    public void Spend(long bytes)
    {
        _spent += bytes;
        if (_spent > limit)
        {
            throw new PlainFileHoldException(
                $"looking inside it would mean decompressing more than {limit / (1024 * 1024)} MiB; it was not looked at to the end");
        }
    }
}
