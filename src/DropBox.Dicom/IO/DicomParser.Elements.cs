using System.Buffers.Binary;

namespace DropBox.Dicom;

internal sealed partial class DicomParser
{
    private void ReadElement(DicomDataset dataset, DicomEncoding encoding, long end, int depth)
    {
        var start = reader.Position;
        var big = encoding.BigEndian;
        var tag = reader.ReadTag(big);
        _current = tag;
        if (tag.Group == 0xFFFE)
        {
            Fail(start, tag, "an item tag where a data element should be");
        }
        DicomVR vr;
        uint length;
        var implicitElement = !encoding.ExplicitVR;
        if (encoding.ExplicitVR)
        {
            var vrBytes = reader.Peek(2);
            vr = DicomVR.FromBytes(vrBytes[0], vrBytes[1]);
            if (vr.IsKnown)
            {
                reader.Advance(2);
                if (vr.HasLongLength)
                {
                    if (!reader.Ensure(6))
                    {
                        Fail(start, tag, "the file ends inside an element header (truncated?)");
                    }
                    reader.Advance(2);
                    length = reader.ReadUInt32(big);
                }
                else
                {
                    length = reader.ReadUInt16(big);
                }
            }
            else
            {
                (vr, length, implicitElement) = ReadNonStandardHeader(tag, start, big, end);
            }
        }
        else
        {
            length = reader.ReadUInt32(big);
            vr = DicomDictionary.ImplicitVR(tag);
        }

        if (length == UndefinedLength)
        {
            ReadUndefinedLength(dataset, tag, vr, encoding, implicitElement, start, depth);
            return;
        }

        var valueStart = reader.Position;
        var valueEnd = valueStart + length;
        if (valueEnd > reader.Length)
        {
            Fail(start, tag, $"declared value length {length} exceeds the {reader.Length - valueStart} byte(s) left in the file (truncated?)");
        }
        if (end != long.MaxValue && valueEnd > end)
        {
            Fail(start, tag, $"declared value length {length} runs past the end of the enclosing item");
        }

        if (vr != DicomVR.SQ && length > 0 && DicomDictionary.IsSequenceOnly(tag) && TryReadMislabelledSequence(dataset, tag, vr, encoding, start, valueStart, valueEnd, depth))
        {
            return;
        }
        if (vr == DicomVR.SQ)
        {
            var sequence = NewSequence(tag, undefinedLength: false, implicitContentInExplicit: implicitElement && encoding.ExplicitVR);
            var contentEncoding = sequence.ImplicitLittleEndianContent ? DicomEncoding.ImplicitLittle : encoding;
            if (implicitElement && !TryReadImplicitSequence(sequence, dataset, contentEncoding, valueEnd, depth))
            {
                // The dictionary says SQ but the bytes are no sequence: keep them untouched as UN.
                Warn(start, "value of an SQ element is not a valid sequence; kept as opaque bytes");
                reader.Seek(valueStart);
                AddValue(dataset, tag, DicomVR.UN, length, start);
                return;
            }
            if (!implicitElement)
            {
                ReadSequenceItems(sequence, dataset, contentEncoding, valueEnd, depth + 1);
            }
            Add(dataset, sequence, start);
            return;
        }
        AddValue(dataset, tag, vr, length, start);
    }

    /// <summary>
    /// A sequence as read. Items in implicit VR little endian inside an explicit VR dataset can only be written back
    /// as UN of undefined length (PS3.5 §6.2.2): under an "SQ" header every reader would parse them as explicit.
    /// </summary>
    private static DicomSequence NewSequence(DicomTag tag, bool undefinedLength, bool implicitContentInExplicit) =>
        implicitContentInExplicit
            ? new DicomSequence(tag, DicomVR.UN) { UndefinedLength = true, ImplicitLittleEndianContent = true }
            : new DicomSequence(tag, DicomVR.SQ) { UndefinedLength = undefinedLength };

    /// <summary>
    /// A sequence attribute sent with another VR: UN of defined length (a system that did not know the tag), or a
    /// wrong explicit VR. Receivers' readers parse items out of it by the dictionary, so it is read as a sequence here
    /// too when its bytes are one: UN content as implicit VR little endian, a wrong VR's in the file's encoding or
    /// else in implicit VR little endian. False (nothing consumed) when the bytes are no sequence: the element is then
    /// kept as bytes, and the de-identifier removes it.
    /// </summary>
    private bool TryReadMislabelledSequence(DicomDataset dataset, DicomTag tag, DicomVR vr, DicomEncoding encoding, long start, long valueStart, long valueEnd, int depth)
    {
        var tries = vr == DicomVR.UN || !encoding.ExplicitVR ? [DicomEncoding.ImplicitLittle] : new[] { encoding, DicomEncoding.ImplicitLittle };
        foreach (var content in tries)
        {
            var sequence = NewSequence(tag, undefinedLength: false, implicitContentInExplicit: encoding.ExplicitVR && !content.ExplicitVR);
            if (TryReadImplicitSequence(sequence, dataset, content, valueEnd, depth))
            {
                Warn(start, $"a sequence attribute sent with VR {vr}; read as a sequence");
                Add(dataset, sequence, start);
                return true;
            }
            reader.Seek(valueStart);
        }
        return false;
    }

    private bool TryReadImplicitSequence(DicomSequence sequence, DicomDataset dataset, DicomEncoding encoding, long end, int depth)
    {
        var warningCount = warnings.Count;
        var pathDepth = _path.Depth;
        try
        {
            ReadSequenceItems(sequence, dataset, encoding, end, depth + 1);
            return true;
        }
        catch (DicomFormatException)
        {
            while (_path.Depth > pathDepth)
            {
                _path.Pop();
            }
            warnings.RemoveRange(warningCount, warnings.Count - warningCount);
            sequence.Items.Clear();
            _current = sequence.Tag;
            return false;
        }
    }

    private void AddValue(DicomDataset dataset, DicomTag tag, DicomVR vr, uint length, long start)
    {
        if ((length & 1) == 1)
        {
            Warn(start, $"odd value length {length} (will be padded to even on write)");
        }
        DicomValue value;
        if (length == 0)
        {
            value = DicomValue.Empty;
        }
        else if (length > options.LargeValueThreshold || IsPixelData(tag))
        {
            value = new StreamedValue(source, reader.Position, length);
            reader.Skip(length);
        }
        else
        {
            value = DicomValue.FromBytes(reader.ReadBytes((int)length));
        }
        Add(dataset, new DicomElement(tag, vr, value), start);
    }

    private static bool IsPixelData(DicomTag tag) =>
        tag.Group == 0x7FE0 && tag.Element is 0x0010 or 0x0008 or 0x0009;

    private void Add(DicomDataset dataset, DicomItem item, long start)
    {
        if (!dataset.AddFromReader(item, out var inOrder))
        {
            Warn(start, "duplicate element; the later one is kept", outOfOrder: true);
        }
        else if (!inOrder)
        {
            // Elements ascend in every valid file: one that does not is most often a tag a flipped bit moved.
            Warn(start, "element out of ascending tag order", outOfOrder: true);
        }
        _current = null;
    }

    /// <summary>
    /// The VR bytes are not a standard VR (e.g. two spaces, or an implicit VR element inside an explicit VR
    /// file). Work out which header layout makes the next element land somewhere sensible; the VR becomes
    /// the dictionary's. Like dcmtk, a 2-byte length is tried first.
    /// </summary>
    private (DicomVR Vr, uint Length, bool Implicit) ReadNonStandardHeader(DicomTag tag, long start, bool big, long end)
    {
        var header = reader.Peek(4);
        var shortLength = big ? BinaryPrimitives.ReadUInt16BigEndian(header[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(header[2..]);
        var implicitLength = big ? BinaryPrimitives.ReadUInt32BigEndian(header) : BinaryPrimitives.ReadUInt32LittleEndian(header);
        var seen = $"{(char)header[0]}{(char)header[1]}";
        var printable = header[0] is >= 0x20 and < 0x7F && header[1] is >= 0x20 and < 0x7F;
        var label = printable ? $"'{seen}'" : $"0x{header[0]:X2}{header[1]:X2}";
        var vr = DicomDictionary.ImplicitVR(tag);
        reader.Advance(4);
        if (PlausibleNext(start + 8 + shortLength, tag, big, end))
        {
            Warn(start, $"non-standard VR {label}; assumed a 2-byte length and the dictionary VR {vr}");
            return (vr, shortLength, false);
        }
        if (implicitLength == UndefinedLength || PlausibleNext(start + 8 + (long)implicitLength, tag, big, end))
        {
            Warn(start, $"element encoded in implicit VR inside an explicit VR dataset (VR bytes {label}); read with a 4-byte length");
            return (vr, implicitLength, true);
        }
        Fail(start, tag, $"non-standard VR {label} and no header layout delimits the value");
        return default;
    }

    private bool PlausibleNext(long next, DicomTag tag, bool big, long end)
    {
        if (next == reader.Length || next == end)
        {
            return true;
        }
        if (next > reader.Length || next > end)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[4];
        if (!reader.TryPeekAt(next, bytes))
        {
            return false;
        }
        var group = big ? BinaryPrimitives.ReadUInt16BigEndian(bytes) : BinaryPrimitives.ReadUInt16LittleEndian(bytes);
        var element = big ? BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(bytes[2..]);
        var nextTag = new DicomTag(group, element);
        return group == 0xFFFE ? element is 0xE00D or 0xE0DD : nextTag.CompareTo(tag) > 0 && group - tag.Group < 0x1000;
    }
}
