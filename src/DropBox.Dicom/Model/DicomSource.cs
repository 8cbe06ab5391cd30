namespace DropBox.Dicom;

/// <summary>
/// The seekable stream large values point into. Shared by every streamed value of one file; a lock keeps
/// copies from different threads from fighting over the stream position.
/// </summary>
internal sealed class DicomSource(Stream stream, bool ownsStream) : IDisposable
{
    private readonly Lock _gate = new();

    public Stream Stream => stream;

    public void CopyRange(long offset, long length, Stream destination)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent((int)Math.Min(length, 1 << 20) is var n && n > 0 ? n : 1);
        try
        {
            lock (_gate)
            {
                stream.Position = offset;
                var remaining = length;
                while (remaining > 0)
                {
                    var read = stream.Read(buffer, 0, (int)Math.Min(remaining, buffer.Length));
                    if (read == 0)
                    {
                        throw new DicomFormatException(offset + length - remaining, string.Empty,
                            "the source ended while copying a value (was the file changed after it was opened?)");
                    }
                    destination.Write(buffer, 0, read);
                    remaining -= read;
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Fills <paramref name="destination"/> from <paramref name="offset"/>; throws when the source ends first.</summary>
    public void ReadRange(long offset, Span<byte> destination)
    {
        lock (_gate)
        {
            stream.Position = offset;
            var done = 0;
            while (done < destination.Length)
            {
                var read = stream.Read(destination[done..]);
                if (read == 0)
                {
                    throw new DicomFormatException(offset + done, string.Empty,
                        "the source ended while reading a value (was the file changed after it was opened?)");
                }
                done += read;
            }
        }
    }

    public void Dispose()
    {
        if (ownsStream)
        {
            stream.Dispose();
        }
    }
}
