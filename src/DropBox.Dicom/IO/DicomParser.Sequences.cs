namespace DropBox.Dicom;

/// <summary>The parts of the parser that read values of undefined length: sequences, their items, and encapsulated
/// pixel data fragments.</summary>
internal sealed partial class DicomParser
{
    private void ReadUndefinedLength(DicomDataset dataset, DicomTag tag, DicomVR vr, DicomEncoding encoding, bool implicitElement, long start, int depth)
    {
        if (tag == DicomTag.PixelData && vr != DicomVR.SQ)
        {
            var fragments = new DicomFragments(tag, vr == DicomVR.UN && !encoding.ExplicitVR ? DicomVR.OB : vr);
            ReadFragments(fragments, encoding);
            Add(dataset, fragments, start);
            return;
        }
        // SQ, or UN / unknown / private of undefined length: a sequence. UN content is implicit VR little
        // endian whatever the file's syntax (PS3.5 §6.2.2).
        var implicitContent = encoding.ExplicitVR && (vr == DicomVR.UN || implicitElement);
        var sequence = implicitContent ? NewSequence(tag, undefinedLength: true, implicitContentInExplicit: true)
            : new DicomSequence(tag, vr.HasLongLength || !encoding.ExplicitVR ? vr : DicomVR.UN) { UndefinedLength = true };
        if (!vr.HasLongLength && encoding.ExplicitVR)
        {
            Warn(start, $"undefined length with VR {vr}; read as a sequence");
        }
        ReadSequenceItems(sequence, dataset, implicitContent ? DicomEncoding.ImplicitLittle : encoding, long.MaxValue, depth + 1);
        Add(dataset, sequence, start);
    }

    private void ReadSequenceItems(DicomSequence sequence, DicomDataset parent, DicomEncoding encoding, long end, int depth)
    {
        if (depth > options.MaxDepth)
        {
            Fail(reader.Position, sequence.Tag, $"sequences nested deeper than {options.MaxDepth} levels");
        }
        var big = encoding.BigEndian;
        var index = 0;
        while (true)
        {
            var start = reader.Position;
            if (end != long.MaxValue && start >= end)
            {
                if (start > end)
                {
                    Fail(start, sequence.Tag, "an item runs past the end of its sequence");
                }
                return;
            }
            if (!reader.Ensure(8))
            {
                Fail(start, sequence.Tag, "the file ends inside a sequence (truncated?)");
            }
            var itemTag = reader.ReadTag(big);
            var length = reader.ReadUInt32(big);
            if (itemTag == DicomTag.SequenceDelimitation)
            {
                if (end != long.MaxValue)
                {
                    Fail(start, sequence.Tag, "a sequence delimitation item inside a sequence of defined length");
                }
                if (length != 0)
                {
                    Warn(start, "sequence delimitation item with a non-zero length");
                }
                return;
            }
            if (itemTag != DicomTag.Item)
            {
                Fail(start, sequence.Tag, $"expected an item (FFFE,E000) in the sequence, found {itemTag}");
            }
            var item = new DicomDataset(parent) { UndefinedLength = length == UndefinedLength, SourceOffset = start };
            var itemEnd = long.MaxValue;
            if (length != UndefinedLength)
            {
                itemEnd = reader.Position + length;
                if (itemEnd > reader.Length || (end != long.MaxValue && itemEnd > end))
                {
                    Fail(start, sequence.Tag, $"item length {length} runs past the end of the {(itemEnd > reader.Length ? "file" : "sequence")}");
                }
            }
            _path.Push(sequence.Tag, index);
            _current = null;
            ReadItemContent(item, encoding, itemEnd, depth);
            _path.Pop();
            _current = sequence.Tag;
            sequence.Items.Add(item);
            index++;
        }
    }

    private void ReadFragments(DicomFragments fragments, DicomEncoding encoding)
    {
        var first = true;
        var index = 0;
        while (true)
        {
            var start = reader.Position;
            if (!reader.Ensure(8))
            {
                Fail(start, fragments.Tag, "the file ends inside encapsulated pixel data (truncated?)");
            }
            var tag = reader.ReadTag(encoding.BigEndian);
            var length = reader.ReadUInt32(encoding.BigEndian);
            if (tag == DicomTag.SequenceDelimitation)
            {
                return;
            }
            if (tag != DicomTag.Item || length == UndefinedLength)
            {
                Fail(start, fragments.Tag, tag != DicomTag.Item ? $"expected a fragment item, found {tag}" : "a pixel data fragment of undefined length");
            }
            if (length > reader.Remaining)
            {
                Fail(start, fragments.Tag, $"fragment {index} declares {length} byte(s) but only {reader.Remaining} are left (truncated?)");
            }
            if ((length & 1) == 1)
            {
                Warn(start, $"fragment {index} has odd length {length} (padded with a zero byte on write)");
            }
            DicomValue value = length == 0 ? DicomValue.Empty
                : length > options.LargeValueThreshold ? new StreamedValue(source, reader.Position, length)
                : DicomValue.FromBytes(reader.ReadBytes((int)length));
            if (!value.IsInMemory)
            {
                reader.Skip(length);
            }
            if (first)
            {
                fragments.OffsetTable = value;
                first = false;
            }
            else
            {
                fragments.Fragments.Add(value);
                index++;
            }
        }
    }
}
