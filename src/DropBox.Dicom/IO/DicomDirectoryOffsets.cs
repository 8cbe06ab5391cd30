using System.Buffers.Binary;

namespace DropBox.Dicom;

/// <summary>
/// A DICOMDIR points at its own directory records by byte offset from the start of the file. When the
/// meta group or a record changes size, those offsets move: map each record's source offset to where it
/// will now be written and patch the offset elements (PS3.3 F.3.2.1). An identity rewrite changes nothing.
/// </summary>
internal static class DicomDirectoryOffsets
{
    private static readonly DicomTag RecordSequence = new(0x0004, 0x1220);
    private static readonly DicomTag FirstRecord = new(0x0004, 0x1200);
    private static readonly DicomTag LastRecord = new(0x0004, 0x1202);
    private static readonly DicomTag[] RecordOffsets = [new(0x0004, 0x1400), new(0x0004, 0x1420), new(0x0004, 0x1504)];

    public static void Update(DicomDataset dataset, long datasetStart, DicomEncoding encoding)
    {
        if (dataset.Get(RecordSequence) is not DicomSequence records)
        {
            return;
        }
        var position = datasetStart;
        foreach (var item in dataset)
        {
            if (item.Tag == RecordSequence)
            {
                break;
            }
            if (!item.Tag.IsGroupLength)
            {
                position += DicomLengths.Item(item, encoding);
            }
        }
        var content = DicomDatasetWriter.ContentEncoding(records, encoding);
        position += encoding.ExplicitVR ? 12 : 8;
        var moved = new Dictionary<long, long>();
        var changed = false;
        foreach (var record in records.Items)
        {
            if (record.SourceOffset >= 0)
            {
                moved[record.SourceOffset] = position;
                changed |= record.SourceOffset != position;
            }
            position += 8 + DicomLengths.Dataset(record, content) + (record.UndefinedLength ? 8 : 0);
        }
        if (!changed)
        {
            return;
        }
        Patch(dataset, FirstRecord, moved, encoding.BigEndian);
        Patch(dataset, LastRecord, moved, encoding.BigEndian);
        foreach (var record in records.Items)
        {
            foreach (var tag in RecordOffsets)
            {
                Patch(record, tag, moved, content.BigEndian);
            }
        }
    }

    private static void Patch(DicomDataset dataset, DicomTag tag, Dictionary<long, long> moved, bool big)
    {
        if (dataset.Get(tag) is not DicomElement { Value: { IsInMemory: true, Length: 4 } value } element)
        {
            return;
        }
        var old = big ? BinaryPrimitives.ReadUInt32BigEndian(value.Span) : BinaryPrimitives.ReadUInt32LittleEndian(value.Span);
        if (old == 0 || !moved.TryGetValue(old, out var now) || now > uint.MaxValue)
        {
            return;
        }
        var bytes = new byte[4];
        if (big)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)now);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)now);
        }
        dataset.Set(new DicomElement(element.Tag, element.VR, DicomValue.FromBytes(bytes)));
    }
}
