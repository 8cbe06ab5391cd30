using System.IO.Compression;

namespace DropBox.Dicom;

/// <summary>
/// Writes Part 10: zero preamble, "DICM", a rebuilt file meta group (explicit VR LE, lengths recomputed),
/// then the dataset in its transfer syntax (deflated again when it was deflated).
/// </summary>
internal static class DicomFileWriter
{
    private static readonly byte[] Preamble = new byte[128];
    private static readonly DicomTag VersionTag = new(0x0002, 0x0001);
    private static readonly DicomTag ImplementationClassTag = new(0x0002, 0x0012);
    private static readonly DicomTag ImplementationVersionTag = new(0x0002, 0x0013);
    private static readonly DicomTag SopClassTag = new(0x0008, 0x0016);
    private static readonly DicomTag SopInstanceTag = new(0x0008, 0x0018);

    public static void Write(DicomFile file, Stream output, DicomWriteOptions options)
    {
        output.Write(Preamble);
        output.Write("DICM"u8);
        var meta = BuildMeta(file, options);
        new DicomDatasetWriter(output).WriteDataset(meta, DicomEncoding.ExplicitLittle);
        var encoding = DicomEncoding.Of(file.TransferSyntax);
        if (!file.TransferSyntax.IsDeflated)
        {
            DicomDirectoryOffsets.Update(file.Dataset, 132 + DicomLengths.Dataset(meta, DicomEncoding.ExplicitLittle), encoding);
        }
        if (file.TransferSyntax.IsDeflated)
        {
            using var deflate = new DeflateStream(output, options.DeflateLevel, leaveOpen: true);
            using var buffered = new BufferedStream(deflate, 1 << 16);
            new DicomDatasetWriter(buffered).WriteDataset(file.Dataset, encoding);
        }
        else
        {
            new DicomDatasetWriter(output).WriteDataset(file.Dataset, encoding);
        }
    }

    /// <summary>
    /// The meta group as PS3.10 §7.1 wants it: version 00\01, SOP class/instance from the dataset (the meta
    /// copy may be stale after editing), this transfer syntax, our implementation identity. Other meta
    /// elements (source AE title, private information) are kept as read.
    /// </summary>
    internal static DicomDataset BuildMeta(DicomFile file, DicomWriteOptions options)
    {
        var meta = new DicomDataset();
        foreach (var item in file.Meta)
        {
            if (item.Tag.Group == 0x0002 && item is DicomElement element)
            {
                meta.Set(element.VR.IsKnown ? element : new DicomElement(element.Tag, MetaVR(element.Tag), element.Value));
            }
        }
        meta.Remove(DicomTag.FileMetaGroupLength);
        meta.SetBytes(VersionTag, DicomVR.OB, [0x00, 0x01]);
        CopyUid(file.Dataset, SopClassTag, meta, DicomTag.MediaStorageSopClassUid);
        CopyUid(file.Dataset, SopInstanceTag, meta, DicomTag.MediaStorageSopInstanceUid);
        meta.SetString(DicomTag.TransferSyntaxUid, DicomVR.UI, file.TransferSyntax.Uid);
        meta.SetString(ImplementationClassTag, DicomVR.UI, options.ImplementationClassUid);
        meta.SetString(ImplementationVersionTag, DicomVR.SH, options.ImplementationVersionName);
        var length = DicomLengths.Dataset(meta, DicomEncoding.ExplicitLittle);
        var lengthBytes = BitConverter.GetBytes(checked((uint)length));
        if (!BitConverter.IsLittleEndian)
        {
            Array.Reverse(lengthBytes);
        }
        meta.SetBytes(DicomTag.FileMetaGroupLength, DicomVR.UL, lengthBytes);
        return meta;
    }

    private static void CopyUid(DicomDataset dataset, DicomTag from, DicomDataset meta, DicomTag to)
    {
        if (dataset.GetString(from) is { Length: > 0 } uid)
        {
            meta.SetString(to, DicomVR.UI, uid);
        }
    }

    private static DicomVR MetaVR(DicomTag tag) => tag.Element switch
    {
        0x0000 => DicomVR.UL,
        0x0001 or 0x0102 => DicomVR.OB,
        0x0002 or 0x0003 or 0x0010 or 0x0012 or 0x0100 => DicomVR.UI,
        0x0013 => DicomVR.SH,
        0x0016 or 0x0017 or 0x0018 => DicomVR.AE,
        0x0026 or 0x0027 or 0x0028 => DicomVR.UR,
        _ => DicomDictionary.ImplicitVR(tag),
    };
}
