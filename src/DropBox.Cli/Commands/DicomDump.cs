using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using DropBox.Dicom;

namespace DropBox.Cli;

/// <summary>One line per element: tag path, VR, length, a short value (text decoded, numbers, or hex).</summary>
internal static class DicomDump
{
    private const int MaxText = 64;

    public static int Run(string path, TextWriter output, TextWriter error)
    {
        try
        {
            using var file = DicomFile.Open(path);
            output.WriteLine($"# transfer syntax {file.TransferSyntax.Uid}");
            var big = file.TransferSyntax.IsBigEndian;
            Write(file.Meta, "", false, output);
            Write(file.Dataset, "", big, output);
            foreach (var warning in file.Warnings)
            {
                error.WriteLine($"dropbox: warning: {path}: {warning}");
            }
            return ExitCodes.Ok;
        }
        catch (Exception e) when (e is DicomFormatException or IOException or UnauthorizedAccessException)
        {
            error.WriteLine($"dropbox: {path}: {e.Message}");
            return ExitCodes.Failed;
        }
    }

    private static void Write(DicomDataset dataset, string prefix, bool big, TextWriter output)
    {
        foreach (var item in dataset)
        {
            var path = prefix + item.Tag;
            switch (item)
            {
                case DicomElement element:
                    output.WriteLine($"{path} {item.VR} {element.Value.Length} {Describe(dataset, element, big)}");
                    break;
                case DicomSequence sequence:
                    output.WriteLine($"{path} {item.VR} {(sequence.UndefinedLength ? "undefined" : "defined")} {sequence.Items.Count} item(s)");
                    var innerBig = big && !sequence.ImplicitLittleEndianContent;
                    for (var i = 0; i < sequence.Items.Count; i++)
                    {
                        Write(sequence.Items[i], $"{path}[{i}]>", innerBig, output);
                    }
                    break;
                case DicomFragments fragments:
                    output.WriteLine($"{path} {item.VR} encapsulated offset-table {fragments.OffsetTable.Length} bytes, {fragments.Fragments.Count} fragment(s), {fragments.Fragments.Sum(f => f.Length)} bytes");
                    break;
                default:
                    break;
            }
        }
    }

    private static string Describe(DicomDataset dataset, DicomElement element, bool big)
    {
        var value = element.Value;
        if (!value.IsInMemory)
        {
            return $"(not loaded, {value.Length} bytes)";
        }
        var span = value.Span;
        var vr = element.VR;
        if (vr.IsString)
        {
            var text = dataset.GetString(element.Tag) ?? "";
            return "[" + (text.Length > MaxText ? text[..MaxText] + "…" : text) + "]";
        }
        var size = vr == DicomVR.US || vr == DicomVR.SS ? 2 : vr == DicomVR.UL || vr == DicomVR.SL || vr == DicomVR.FL || vr == DicomVR.AT ? 4 : vr == DicomVR.FD || vr == DicomVR.SV || vr == DicomVR.UV ? 8 : 0;
        if (size == 0)
        {
            var hex = Convert.ToHexString(span[..Math.Min(span.Length, 16)]);
            return span.Length > 16 ? hex + "…" : hex;
        }
        var parts = new StringBuilder();
        var count = span.Length / size;
        for (var i = 0; i < Math.Min(count, 8); i++)
        {
            var s = span.Slice(i * size, size);
            if (i > 0)
            {
                parts.Append('\\');
            }
            parts.Append(Number(vr, s, big));
        }
        if (count > 8)
        {
            parts.Append("…");
        }
        return parts.ToString();
    }

    private static string Number(DicomVR vr, ReadOnlySpan<byte> s, bool big)
    {
        var c = CultureInfo.InvariantCulture;
        if (vr == DicomVR.US) return (big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s)).ToString(c);
        if (vr == DicomVR.SS) return (big ? BinaryPrimitives.ReadInt16BigEndian(s) : BinaryPrimitives.ReadInt16LittleEndian(s)).ToString(c);
        if (vr == DicomVR.UL) return (big ? BinaryPrimitives.ReadUInt32BigEndian(s) : BinaryPrimitives.ReadUInt32LittleEndian(s)).ToString(c);
        if (vr == DicomVR.SL) return (big ? BinaryPrimitives.ReadInt32BigEndian(s) : BinaryPrimitives.ReadInt32LittleEndian(s)).ToString(c);
        if (vr == DicomVR.FL) return (big ? BinaryPrimitives.ReadSingleBigEndian(s) : BinaryPrimitives.ReadSingleLittleEndian(s)).ToString(c);
        if (vr == DicomVR.FD) return (big ? BinaryPrimitives.ReadDoubleBigEndian(s) : BinaryPrimitives.ReadDoubleLittleEndian(s)).ToString(c);
        if (vr == DicomVR.SV) return (big ? BinaryPrimitives.ReadInt64BigEndian(s) : BinaryPrimitives.ReadInt64LittleEndian(s)).ToString(c);
        if (vr == DicomVR.UV) return (big ? BinaryPrimitives.ReadUInt64BigEndian(s) : BinaryPrimitives.ReadUInt64LittleEndian(s)).ToString(c);
        var g = big ? BinaryPrimitives.ReadUInt16BigEndian(s) : BinaryPrimitives.ReadUInt16LittleEndian(s);
        var e = big ? BinaryPrimitives.ReadUInt16BigEndian(s[2..]) : BinaryPrimitives.ReadUInt16LittleEndian(s[2..]);
        return new DicomTag(g, e).ToString();
    }
}
