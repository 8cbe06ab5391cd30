namespace DropBox.Dicom.Tests;

/// <summary>Shortcuts: open bytes as a DICOM file, save a file to bytes.</summary>
internal static class Dicom
{
    public static DicomFile Open(byte[] bytes, DicomReadOptions? options = null) => DicomFile.Open(new MemoryStream(bytes, writable: false), options);

    public static byte[] Save(DicomFile file)
    {
        using var output = new MemoryStream();
        file.Save(output);
        return output.ToArray();
    }

    public static DicomFile RoundTrip(DicomFile file) => Open(Save(file));

    public static DicomTag T(ushort group, ushort element) => new(group, element);

    public static byte[] Bytes(DicomDataset dataset, DicomTag tag) =>
        Assert.IsType<DicomElement>(dataset.Get(tag)).Value.ToArray();

    /// <summary>The dataset part of a written Part 10 file (after preamble, DICM and the meta group).</summary>
    public static byte[] DatasetBytes(byte[] part10)
    {
        var metaLength = BitConverter.ToUInt32(part10, 132 + 8);
        return part10[(int)(132 + 12 + metaLength)..];
    }
}
