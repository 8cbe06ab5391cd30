using System.Buffers.Binary;
using System.Globalization;
using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// One element a reference found: its whole value as CTP sees it (values joined by backslashes, trailing padding
/// trimmed), each value on its own (trimmed), and whether the VR holds numbers (so "480" equals "480.0").
/// </summary>
internal sealed record FoundValue(string Whole, IReadOnlyList<string> Values, bool IsNumeric)
{
    /// <summary>What an absent element reads as: an empty string, as in CTP.</summary>
    public static FoundValue Absent { get; } = new(string.Empty, [string.Empty], false);
}

/// <summary>
/// The header of one file as the rules read it: string values decoded with the file's character set, binary numbers
/// (US, SS, UL, SL, FL, FD, UV, SV) as decimal text, file meta elements (group 0002, e.g. ImplementationVersionName)
/// from the meta group. Every lookup is cached, since many rules ask for the same few elements.
/// </summary>
internal sealed class HeaderValues(DicomDataset dataset, DicomDataset? meta, bool bigEndian)
{
    private readonly Dictionary<string, IReadOnlyList<FoundValue>> _cache = new(StringComparer.Ordinal);

    /// <summary>Every element the reference reaches (empty when there is none): one per sequence item crossed.</summary>
    public IReadOnlyList<FoundValue> Find(AttributeReference reference)
    {
        if (_cache.TryGetValue(reference.Text, out var cached))
        {
            return cached;
        }
        var holders = new List<DicomDataset> { reference.Path[0].Group == 0x0002 && meta is not null ? meta : dataset };
        foreach (var sequenceTag in reference.Path.Take(reference.Path.Count - 1))
        {
            holders = holders.SelectMany(h => h.Get(sequenceTag) is DicomSequence s ? s.Items : []).ToList();
        }
        var found = new List<FoundValue>();
        foreach (var holder in holders)
        {
            if (holder.Get(reference.Tag) is { } item)
            {
                found.Add(Read(holder, item));
            }
        }
        _cache[reference.Text] = found;
        return found;
    }

    private FoundValue Read(DicomDataset holder, DicomItem item)
    {
        if (item is not DicomElement element)
        {
            return new FoundValue(string.Empty, [string.Empty], false); // a sequence or encapsulated pixel data: present, no text
        }
        var vr = element.VR == DicomVR.UN ? DicomDictionary.ImplicitVR(element.Tag) : element.VR;
        if (vr.IsString)
        {
            var whole = holder.GetString(element.Tag) ?? string.Empty;
            return new FoundValue(whole, whole.Split('\\').Select(v => v.Trim(' ', '\0')).ToArray(), vr == DicomVR.IS || vr == DicomVR.DS);
        }
        if (NumberSize(vr) is var size and > 0 && element.Value.IsInMemory)
        {
            var values = Numbers(element.Value.Span, vr, size).ToArray();
            return new FoundValue(string.Join('\\', values), values, true);
        }
        if (vr == DicomVR.UN && element.Value.IsInMemory && IsPrintable(element.Value.Span))
        {
            // An element the dictionary cannot type (a private one in an implicit VR file, say) that holds plain text
            // is read as text, so a rule on a vendor's private tag can match as it does in CTP.
            var whole = System.Text.Encoding.ASCII.GetString(element.Value.Span).TrimEnd(' ', '\0');
            return new FoundValue(whole, whole.Split('\\').Select(v => v.Trim(' ', '\0')).ToArray(), false);
        }
        return new FoundValue(string.Empty, [string.Empty], false);
    }

    private static bool IsPrintable(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not (>= 0x20 and < 0x7F or 0x00 or 0x09 or 0x0A or 0x0D))
            {
                return false;
            }
        }
        return true;
    }

    private static int NumberSize(DicomVR vr) =>
        vr == DicomVR.US || vr == DicomVR.SS ? 2
        : vr == DicomVR.UL || vr == DicomVR.SL || vr == DicomVR.FL ? 4
        : vr == DicomVR.FD || vr == DicomVR.UV || vr == DicomVR.SV ? 8
        : 0;

    private IEnumerable<string> Numbers(ReadOnlySpan<byte> bytes, DicomVR vr, int size)
    {
        var values = new List<string>(bytes.Length / size);
        for (var offset = 0; offset + size <= bytes.Length; offset += size)
        {
            values.Add(Number(bytes.Slice(offset, size), vr));
        }
        return values;
    }

    private string Number(ReadOnlySpan<byte> b, DicomVR vr)
    {
        var c = CultureInfo.InvariantCulture;
        if (vr == DicomVR.US) return (bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(b) : BinaryPrimitives.ReadUInt16LittleEndian(b)).ToString(c);
        if (vr == DicomVR.SS) return (bigEndian ? BinaryPrimitives.ReadInt16BigEndian(b) : BinaryPrimitives.ReadInt16LittleEndian(b)).ToString(c);
        if (vr == DicomVR.UL) return (bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(b) : BinaryPrimitives.ReadUInt32LittleEndian(b)).ToString(c);
        if (vr == DicomVR.SL) return (bigEndian ? BinaryPrimitives.ReadInt32BigEndian(b) : BinaryPrimitives.ReadInt32LittleEndian(b)).ToString(c);
        if (vr == DicomVR.FL) return (bigEndian ? BinaryPrimitives.ReadSingleBigEndian(b) : BinaryPrimitives.ReadSingleLittleEndian(b)).ToString("R", c);
        if (vr == DicomVR.FD) return (bigEndian ? BinaryPrimitives.ReadDoubleBigEndian(b) : BinaryPrimitives.ReadDoubleLittleEndian(b)).ToString("R", c);
        if (vr == DicomVR.UV) return (bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(b) : BinaryPrimitives.ReadUInt64LittleEndian(b)).ToString(c);
        return (bigEndian ? BinaryPrimitives.ReadInt64BigEndian(b) : BinaryPrimitives.ReadInt64LittleEndian(b)).ToString(c);
    }
}
