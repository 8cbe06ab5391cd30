using System.Buffers.Binary;

namespace DropBox.Dicom;

/// <summary>
/// Writes a dataset in a given encoding: values as they are (source byte order), padded to even length,
/// dataset group lengths dropped, sequence/item lengths recomputed where they are defined.
/// </summary>
internal sealed class DicomDatasetWriter(Stream output)
{
    private const uint Undefined = 0xFFFFFFFF;
    private readonly byte[] _header = new byte[12];

    public void WriteDataset(DicomDataset dataset, DicomEncoding encoding)
    {
        foreach (var item in dataset)
        {
            if (item.Tag.IsGroupLength && item.Tag.Group != 0x0002)
            {
                continue;
            }
            switch (item)
            {
                case DicomElement element:
                    WriteElement(element, encoding);
                    break;
                case DicomSequence sequence:
                    WriteSequence(sequence, encoding);
                    break;
                case DicomFragments fragments:
                    WriteFragments(fragments, encoding);
                    break;
                default:
                    break;
            }
        }
    }

    private void WriteElement(DicomElement element, DicomEncoding encoding)
    {
        var length = element.Value.Length;
        var padded = length + (length & 1);
        WriteHeader(element.Tag, ElementVR(element, padded), checked((uint)padded), encoding);
        element.Value.CopyTo(output);
        if (padded != length)
        {
            output.WriteByte(element.VR.PaddingByte);
        }
    }

    private void WriteSequence(DicomSequence sequence, DicomEncoding encoding)
    {
        var content = ContentEncoding(sequence, encoding);
        var length = WritesUndefinedLength(sequence, encoding) ? Undefined : checked((uint)DicomLengths.SequenceContent(sequence, content));
        WriteHeader(sequence.Tag, SequenceVR(sequence, encoding), length, encoding);
        foreach (var item in sequence.Items)
        {
            WriteTagAndLength(DicomTag.Item, item.UndefinedLength ? Undefined : checked((uint)DicomLengths.Dataset(item, content)), content);
            WriteDataset(item, content);
            if (item.UndefinedLength)
            {
                WriteTagAndLength(DicomTag.ItemDelimitation, 0, content);
            }
        }
        if (WritesUndefinedLength(sequence, encoding))
        {
            WriteTagAndLength(DicomTag.SequenceDelimitation, 0, content);
        }
    }

    private void WriteFragments(DicomFragments fragments, DicomEncoding encoding)
    {
        // Always OB (PS3.5 A.4): some senders label encapsulated data OW, which dcmtk then warns about.
        WriteHeader(fragments.Tag, DicomVR.OB, Undefined, encoding);
        WriteFragment(fragments.OffsetTable, encoding);
        foreach (var fragment in fragments.Fragments)
        {
            WriteFragment(fragment, encoding);
        }
        WriteTagAndLength(DicomTag.SequenceDelimitation, 0, encoding);
    }

    private void WriteFragment(DicomValue value, DicomEncoding encoding)
    {
        var length = value.Length;
        var padded = length + (length & 1);
        WriteTagAndLength(DicomTag.Item, checked((uint)padded), encoding);
        value.CopyTo(output);
        if (padded != length)
        {
            output.WriteByte(0);
        }
    }

    /// <summary>The VR written for an element: as read when standard, else the dictionary's (UN when unknown).</summary>
    internal static DicomVR ElementVR(DicomElement element, long paddedLength)
    {
        var vr = element.VR.IsKnown ? element.VR : DicomDictionary.ImplicitVR(element.Tag);
        if (vr == DicomVR.SQ || !vr.IsKnown)
        {
            vr = DicomVR.UN;
        }
        // A value too long for a 2-byte length field can only be written as UN (PS3.5 §6.2.2).
        return !vr.HasLongLength && paddedLength > 0xFFFF ? DicomVR.UN : vr;
    }

    /// <summary>
    /// Items read as implicit VR little endian (a UN of undefined length, PS3.5 §6.2.2) are written as a plain SQ in
    /// the file's encoding where their values' byte order allows it (little endian), because that is how every reader
    /// then parses them (dcmtk warns about a UN sequence); in a big endian file they stay UN of undefined length.
    /// </summary>
    internal static bool KeepsImplicitContent(DicomSequence sequence, DicomEncoding encoding) =>
        sequence.ImplicitLittleEndianContent && encoding.ExplicitVR && encoding.BigEndian;

    internal static DicomEncoding ContentEncoding(DicomSequence sequence, DicomEncoding encoding) =>
        KeepsImplicitContent(sequence, encoding) ? DicomEncoding.ImplicitLittle : encoding;

    internal static DicomVR SequenceVR(DicomSequence sequence, DicomEncoding encoding) =>
        KeepsImplicitContent(sequence, encoding) ? DicomVR.UN : DicomVR.SQ;

    internal static bool WritesUndefinedLength(DicomSequence sequence, DicomEncoding encoding) =>
        sequence.UndefinedLength || KeepsImplicitContent(sequence, encoding);

    private void WriteHeader(DicomTag tag, DicomVR vr, uint length, DicomEncoding encoding)
    {
        var h = _header.AsSpan();
        WriteTag(h, tag, encoding.BigEndian);
        if (!encoding.ExplicitVR)
        {
            WriteUInt32(h[4..], length, encoding.BigEndian);
            output.Write(h[..8]);
            return;
        }
        h[4] = vr.First;
        h[5] = vr.Second;
        if (vr.HasLongLength)
        {
            h[6] = 0;
            h[7] = 0;
            WriteUInt32(h[8..], length, encoding.BigEndian);
            output.Write(h[..12]);
            return;
        }
        if (encoding.BigEndian)
        {
            BinaryPrimitives.WriteUInt16BigEndian(h[6..], (ushort)length);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h[6..], (ushort)length);
        }
        output.Write(h[..8]);
    }

    private void WriteTagAndLength(DicomTag tag, uint length, DicomEncoding encoding)
    {
        var h = _header.AsSpan();
        WriteTag(h, tag, encoding.BigEndian);
        WriteUInt32(h[4..], length, encoding.BigEndian);
        output.Write(h[..8]);
    }

    private static void WriteTag(Span<byte> h, DicomTag tag, bool big)
    {
        if (big)
        {
            BinaryPrimitives.WriteUInt16BigEndian(h, tag.Group);
            BinaryPrimitives.WriteUInt16BigEndian(h[2..], tag.Element);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(h, tag.Group);
            BinaryPrimitives.WriteUInt16LittleEndian(h[2..], tag.Element);
        }
    }

    private static void WriteUInt32(Span<byte> h, uint value, bool big)
    {
        if (big)
        {
            BinaryPrimitives.WriteUInt32BigEndian(h, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(h, value);
        }
    }
}
