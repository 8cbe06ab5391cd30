using System.Buffers.Binary;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using DropBox.Dicom;
using ICSharpCode.SharpZipLib.Zip;

namespace DropBox.Daemon.Tests.Sync;

/// <summary>
/// Builds the files a sender might drop into club_house, in memory: DICOM written by the project's codec or by
/// hand (bare datasets), zips, tars, gzip streams, and harmless PDF and text files. Every DICOM carries a
/// made-up patient name, never a real one.
/// </summary>
internal static class PlainFiles
{
    public const string PatientName = "DOE^JANE";

    /// <summary>A Part 10 file (preamble, "DICM", meta) written by the codec: a tiny CT slice header.</summary>
    public static byte[] Part10Dicom()
    {
        var dataset = new DicomDataset();
        dataset.SetString(new DicomTag(0x0008, 0x0016), DicomVR.UI, "1.2.840.10008.5.1.4.1.1.2");
        dataset.SetString(new DicomTag(0x0008, 0x0018), DicomVR.UI, "1.2.826.0.1.3680043.2.1143.1");
        dataset.SetString(new DicomTag(0x0008, 0x0060), DicomVR.CS, "CT");
        dataset.SetString(new DicomTag(0x0010, 0x0010), DicomVR.PN, PatientName);
        dataset.SetString(new DicomTag(0x0010, 0x0020), DicomVR.LO, "PID-0001");
        using var file = new DicomFile(dataset, TransferSyntax.ExplicitVRLittleEndian);
        using var output = new MemoryStream();
        file.Save(output);
        return output.ToArray();
    }

    /// <summary>A dataset without preamble or meta, explicit VR little endian, starting at (0008,0016).</summary>
    public static byte[] BareExplicitDataset() =>
    [
        .. Explicit(0x0008, 0x0016, "UI", "1.2.840.10008.5.1.4.1.1.2\0"),
        .. Explicit(0x0008, 0x0060, "CS", "CT"),
        .. Explicit(0x0010, 0x0010, "PN", PatientName),
    ];

    /// <summary>
    /// A dataset without preamble or meta, implicit VR little endian, that starts at Patient's Name (0010,0010):
    /// past the groups the unpack stage's sniffer looks for, so only the codec recognises it.
    /// </summary>
    public static byte[] BareImplicitDatasetFromPatientGroup() =>
    [
        .. Implicit(0x0010, 0x0010, PatientName),
        .. Implicit(0x0010, 0x0020, "PID-0001"),
        .. Implicit(0x0010, 0x0030, "19700101"),
        .. Implicit(0x0020, 0x000D, "1.2.826.0.1.3680043.2.1143.2\0"),
    ];

    public static byte[] Pdf() => Encoding.ASCII.GetBytes(
        "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    public static byte[] Text(string text = "Protocol v2: scans arrive on Mondays.\n") => Encoding.UTF8.GetBytes(text);

    /// <summary>The 7z signature and a few bytes: enough for any reader to call it a 7z archive.</summary>
    public static byte[] SevenZip() => [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C, 0x00, 0x04, .. new byte[64]];

    public static byte[] Zip(params (string Name, byte[] Data)[] entries)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipOutputStream(output) { IsStreamOwner = false })
        {
            foreach (var (name, data) in entries)
            {
                zip.PutNextEntry(new ZipEntry(name) { Size = data.Length });
                zip.Write(data, 0, data.Length);
                zip.CloseEntry();
            }

            zip.Finish();
        }

        return output.ToArray();
    }

    public static byte[] Tar(params (string Name, byte[] Data)[] entries)
    {
        using var output = new MemoryStream();
        using (var tar = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in entries)
            {
                tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            }
        }

        return output.ToArray();
    }

    public static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    private static byte[] Explicit(ushort group, ushort element, string vr, string value)
    {
        var bytes = Even(value);
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        header[4] = (byte)vr[0];
        header[5] = (byte)vr[1];
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), (ushort)bytes.Length);
        return [.. header, .. bytes];
    }

    private static byte[] Implicit(ushort group, ushort element, string value)
    {
        var bytes = Even(value);
        var header = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, group);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(2), element);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(4), (uint)bytes.Length);
        return [.. header, .. bytes];
    }

    private static byte[] Even(string value) => Encoding.ASCII.GetBytes(value.Length % 2 == 0 ? value : value + " ");
}
