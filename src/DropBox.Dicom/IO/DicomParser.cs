namespace DropBox.Dicom;

/// <summary>
/// Parses a dataset, its sequences and encapsulated pixel data from a <see cref="DicomByteReader"/> in one
/// forward pass. Large values are not read: they become <see cref="StreamedValue"/>s pointing at the source.
/// Every length is checked against what remains before anything is allocated.
/// </summary>
internal sealed partial class DicomParser(DicomByteReader reader, DicomSource source, DicomReadOptions options, List<DicomWarning> warnings, string offsetNote)
{
    private const uint UndefinedLength = 0xFFFFFFFF;
    private readonly TagPath _path = new();
    private DicomTag? _current;

    /// <summary>Offsets in messages are relative to this stream; the note says so for inflated data.</summary>
    public string OffsetNote => offsetNote;

    public DicomByteReader Reader => reader;

    /// <summary>Reads the file meta group (0002,xxxx) in explicit VR little endian, stopping at the first other group.</summary>
    public void ReadMeta(DicomDataset meta)
    {
        while (reader.Ensure(8) && reader.Peek(2)[0] == 0x02 && reader.Peek(2)[1] == 0x00)
        {
            ReadElement(meta, DicomEncoding.ExplicitLittle, long.MaxValue, 0);
        }
    }

    /// <summary>Reads a top-level dataset up to the end of the input.</summary>
    public void ReadDataset(DicomDataset dataset, DicomEncoding encoding)
    {
        while (true)
        {
            var start = reader.Position;
            var remaining = reader.Remaining;
            if (remaining == 0)
            {
                return;
            }
            if (remaining < 8 || !reader.Ensure(8))
            {
                Warn(start, $"{remaining} trailing byte(s) after the last element ignored");
                return;
            }
            var peek = reader.Peek(4);
            if (IsDelimiter(peek, encoding.BigEndian, out var isSequenceDelimiter))
            {
                // Stray delimiters after the dataset (seen in the wild): skip them, they carry no data.
                reader.Advance(8);
                Warn(start, isSequenceDelimiter ? "stray sequence delimitation item at top level skipped" : "stray item delimitation item at top level skipped");
                continue;
            }
            ReadElement(dataset, encoding, long.MaxValue, 0);
        }
    }

    private static bool IsDelimiter(ReadOnlySpan<byte> tagBytes, bool bigEndian, out bool isSequenceDelimiter)
    {
        var group = bigEndian ? (tagBytes[0] << 8) | tagBytes[1] : tagBytes[0] | (tagBytes[1] << 8);
        var element = bigEndian ? (tagBytes[2] << 8) | tagBytes[3] : tagBytes[2] | (tagBytes[3] << 8);
        isSequenceDelimiter = element == 0xE0DD;
        return group == 0xFFFE && element is 0xE00D or 0xE0DD;
    }

    /// <summary>Reads elements of an item until its end (defined length) or its item delimitation item.</summary>
    private void ReadItemContent(DicomDataset item, DicomEncoding encoding, long end, int depth)
    {
        while (true)
        {
            var start = reader.Position;
            if (end != long.MaxValue && start >= end)
            {
                if (start > end)
                {
                    Fail(start, null, $"an element runs {start - end} byte(s) past the end of its item");
                }
                return;
            }
            if (!reader.Ensure(8))
            {
                Fail(start, null, "the file ends inside a sequence item (truncated?)");
            }
            var peek = reader.Peek(4);
            if (IsDelimiter(peek, encoding.BigEndian, out var isSequenceDelimiter))
            {
                if (isSequenceDelimiter || end != long.MaxValue)
                {
                    Fail(start, null, isSequenceDelimiter ? "a sequence delimitation item where an item should end" : "an item delimitation item inside an item of defined length");
                }
                reader.Advance(4);
                var length = reader.ReadUInt32(encoding.BigEndian);
                if (length != 0)
                {
                    Warn(start, "item delimitation item with a non-zero length");
                }
                return;
            }
            ReadElement(item, encoding, end, depth);
        }
    }

    private void Warn(long offset, string message, bool outOfOrder = false) =>
        warnings.Add(new DicomWarning(offset, _path.Format(_current), message + offsetNote) { OutOfOrder = outOfOrder });

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private void Fail(long offset, DicomTag? tag, string message) =>
        throw new DicomFormatException(offset, _path.Format(tag ?? _current), message + offsetNote);

    /// <summary>Wraps anything unexpected (IO, overflow) into a format exception naming where it happened.</summary>
    public DicomFormatException Wrap(Exception error) =>
        error as DicomFormatException ?? new DicomFormatException(reader.Position, _path.Format(_current), $"malformed data ({error.GetType().Name}){offsetNote}", error);
}
