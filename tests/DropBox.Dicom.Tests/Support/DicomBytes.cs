using System.Buffers.Binary;
using System.Text;

namespace DropBox.Dicom.Tests;

/// <summary>Builds DICOM byte streams by hand, so each test states exactly which bytes it feeds the reader.</summary>
internal sealed class DicomBytes(bool explicitVR = true, bool bigEndian = false)
{
    public const uint Undefined = 0xFFFFFFFF;
    private readonly MemoryStream _bytes = new();

    public static DicomBytes ExplicitLittle() => new(true, false);
    public static DicomBytes ImplicitLittle() => new(false, false);
    public static DicomBytes ExplicitBig() => new(true, true);

    public long Length => _bytes.Length;

    public byte[] ToArray() => _bytes.ToArray();

    /// <summary>128 zero bytes, "DICM", and a meta group (explicit VR LE) naming the transfer syntax.</summary>
    public static DicomBytes Part10(string transferSyntax, bool explicitVR = true, bool bigEndian = false)
    {
        var file = new DicomBytes(explicitVR, bigEndian);
        file.Raw(new byte[128]).Raw("DICM"u8.ToArray()).Raw(MetaGroup(transferSyntax));
        return file;
    }

    public static byte[] MetaGroup(string transferSyntax)
    {
        var body = ExplicitLittle()
            .Element(0x0002, 0x0001, "OB", [0, 1])
            .Text(0x0002, 0x0002, "UI", "1.2.840.10008.5.1.4.1.1.7\0")
            .Text(0x0002, 0x0003, "UI", "1.2.3.44")
            .Text(0x0002, 0x0010, "UI", transferSyntax.Length % 2 == 1 ? transferSyntax + "\0" : transferSyntax)
            .Text(0x0002, 0x0012, "UI", "1.2.3.99")
            .ToArray();
        var length = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)body.Length);
        return [.. ExplicitLittle().Element(0x0002, 0x0000, "UL", length).ToArray(), .. body];
    }

    public DicomBytes Raw(byte[] bytes)
    {
        _bytes.Write(bytes);
        return this;
    }

    public DicomBytes U16(ushort value)
    {
        Span<byte> b = stackalloc byte[2];
        if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, value); else BinaryPrimitives.WriteUInt16LittleEndian(b, value);
        _bytes.Write(b);
        return this;
    }

    public DicomBytes U32(uint value)
    {
        Span<byte> b = stackalloc byte[4];
        if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, value); else BinaryPrimitives.WriteUInt32LittleEndian(b, value);
        _bytes.Write(b);
        return this;
    }

    public DicomBytes Tag(ushort group, ushort element) => U16(group).U16(element);

    /// <summary>An element header in this builder's encoding (2- or 4-byte length by VR when explicit).</summary>
    public DicomBytes Header(ushort group, ushort element, string vr, uint length)
    {
        Tag(group, element);
        if (!explicitVR)
        {
            return U32(length);
        }
        Raw(Encoding.ASCII.GetBytes(vr));
        return DicomVR.FromString(vr).HasLongLength ? U16(0).U32(length) : U16((ushort)length);
    }

    public DicomBytes Element(ushort group, ushort element, string vr, byte[] value) =>
        Header(group, element, vr, (uint)value.Length).Raw(value);

    /// <summary>A text element written exactly as given (no padding: the test decides).</summary>
    public DicomBytes Text(ushort group, ushort element, string vr, string value) =>
        Element(group, element, vr, Encoding.ASCII.GetBytes(value));

    /// <summary>A sequence of the given item contents; each item and the sequence defined or undefined length.</summary>
    public DicomBytes Sequence(ushort group, ushort element, bool definedLength, bool definedItems, params DicomBytes[] items) =>
        Sequence(group, element, "SQ", definedLength, definedItems, this, items);

    public DicomBytes Sequence(ushort group, ushort element, string vr, bool definedLength, bool definedItems, DicomBytes itemEncoding, params DicomBytes[] items)
    {
        var content = new DicomBytes(explicitVR, bigEndian);
        var itemWriter = new DicomBytes(itemEncoding.ExplicitVR, itemEncoding.BigEndian);
        foreach (var item in items)
        {
            var bytes = item.ToArray();
            itemWriter.Tag(0xFFFE, 0xE000).U32(definedItems ? (uint)bytes.Length : Undefined).Raw(bytes);
            if (!definedItems)
            {
                itemWriter.Tag(0xFFFE, 0xE00D).U32(0);
            }
        }
        if (!definedLength)
        {
            itemWriter.Tag(0xFFFE, 0xE0DD).U32(0);
        }
        var payload = itemWriter.ToArray();
        return Header(group, element, vr, definedLength ? (uint)payload.Length : Undefined).Raw(payload);
    }

    /// <summary>Encapsulated pixel data: offset table item, fragments, sequence delimiter.</summary>
    public DicomBytes Encapsulated(byte[] offsetTable, params byte[][] fragments)
    {
        Header(0x7FE0, 0x0010, "OB", Undefined);
        Tag(0xFFFE, 0xE000).U32((uint)offsetTable.Length).Raw(offsetTable);
        foreach (var fragment in fragments)
        {
            Tag(0xFFFE, 0xE000).U32((uint)fragment.Length).Raw(fragment);
        }
        return Tag(0xFFFE, 0xE0DD).U32(0);
    }

    public bool ExplicitVR => explicitVR;
    public bool BigEndian => bigEndian;
}
