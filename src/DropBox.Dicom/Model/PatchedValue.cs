using System.Buffers;

namespace DropBox.Dicom;

/// <summary>
/// A large value with a few byte ranges written over it, still read from its source: copying streams the inner
/// value in chunks and overwrites the patched ranges on the way, so memory stays bounded whatever its size.
/// </summary>
internal sealed class PatchedValue(DicomValue inner, BytePatch[] ordered) : DicomValue
{
    private const int ChunkSize = 1 << 20;

    public override long Length => inner.Length;

    public override ReadOnlySpan<byte> Span =>
        throw new InvalidOperationException($"This value ({Length} bytes) is not loaded into memory; use CopyTo.");

    public override bool IsInMemory => false;

    public override int Read(long offset, Span<byte> destination)
    {
        var read = inner.Read(offset, destination);
        BytePatch.Apply(ordered, offset, destination[..read]);
        return read;
    }

    public override void CopyTo(Stream destination)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Clamp(Length, 1, ChunkSize));
        try
        {
            for (long position = 0; position < Length;)
            {
                var read = Read(position, buffer.AsSpan(0, (int)Math.Min(buffer.Length, Length - position)));
                if (read == 0)
                {
                    throw new DicomFormatException(position, string.Empty, "a patched value ended before its length");
                }
                destination.Write(buffer, 0, read);
                position += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
