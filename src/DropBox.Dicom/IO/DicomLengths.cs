namespace DropBox.Dicom;

/// <summary>Encoded sizes, for the defined lengths the writer must recompute (content may have changed).</summary>
internal static class DicomLengths
{
    public static long Dataset(DicomDataset dataset, DicomEncoding encoding)
    {
        long total = 0;
        foreach (var item in dataset)
        {
            if (item.Tag.IsGroupLength && item.Tag.Group != 0x0002)
            {
                continue;
            }
            total += Item(item, encoding);
        }
        return total;
    }

    public static long Item(DicomItem item, DicomEncoding encoding)
    {
        switch (item)
        {
            case DicomElement element:
                var padded = Padded(element.Value.Length);
                return Header(DicomDatasetWriter.ElementVR(element, padded), encoding) + padded;
            case DicomSequence sequence:
                var content = DicomDatasetWriter.ContentEncoding(sequence, encoding);
                return Header(DicomDatasetWriter.SequenceVR(sequence, encoding), encoding) + SequenceContent(sequence, content)
                    + (DicomDatasetWriter.WritesUndefinedLength(sequence, encoding) ? 8 : 0);
            case DicomFragments fragments:
                long total = Header(DicomVR.OB, encoding) + 8 + Padded(fragments.OffsetTable.Length) + 8;
                foreach (var fragment in fragments.Fragments)
                {
                    total += 8 + Padded(fragment.Length);
                }
                return total;
            default:
                return 0;
        }
    }

    /// <summary>The items of a sequence (headers, content, item delimiters), without the sequence delimiter.</summary>
    public static long SequenceContent(DicomSequence sequence, DicomEncoding content)
    {
        long total = 0;
        foreach (var item in sequence.Items)
        {
            total += 8 + Dataset(item, content) + (item.UndefinedLength ? 8 : 0);
        }
        return total;
    }

    private static long Padded(long length) => length + (length & 1);

    private static int Header(DicomVR vr, DicomEncoding encoding) => !encoding.ExplicitVR ? 8 : vr.HasLongLength ? 12 : 8;
}
