namespace DropBox.Dicom;

/// <summary>A DICOM attribute tag (group, element), ordered as the standard orders them.</summary>
public readonly record struct DicomTag(ushort Group, ushort Element) : IComparable<DicomTag>
{
    public DicomTag(uint value) : this((ushort)(value >> 16), (ushort)value) { }

    public uint Value => ((uint)Group << 16) | Element;

    /// <summary>Odd groups (other than 0001/0003/0005/0007/FFFF, which are illegal) hold private attributes.</summary>
    public bool IsPrivate => (Group & 1) == 1 && Group > 0x0008;

    /// <summary>(gggg,0010)–(gggg,00FF) in a private group reserve a block for a private creator.</summary>
    public bool IsPrivateCreator => IsPrivate && Element is >= 0x0010 and <= 0x00FF;

    /// <summary>The creator element that owns this private element: (gggg,00xx) for (gggg,xxyy).</summary>
    public DicomTag PrivateCreatorTag => new(Group, (ushort)(Element >> 8));

    public bool IsGroupLength => Element == 0x0000;

    // Properties, not static readonly fields: precompiled (ReadyToRun) code reads a static field through a helper call
    // per access, and these are compared for every element read or written.
    public static DicomTag Item => new(0xFFFE, 0xE000);
    public static DicomTag ItemDelimitation => new(0xFFFE, 0xE00D);
    public static DicomTag SequenceDelimitation => new(0xFFFE, 0xE0DD);
    public static DicomTag SpecificCharacterSet => new(0x0008, 0x0005);
    public static DicomTag TransferSyntaxUid => new(0x0002, 0x0010);
    public static DicomTag MediaStorageSopClassUid => new(0x0002, 0x0002);
    public static DicomTag MediaStorageSopInstanceUid => new(0x0002, 0x0003);
    public static DicomTag FileMetaGroupLength => new(0x0002, 0x0000);
    public static DicomTag PixelData => new(0x7FE0, 0x0010);
    public static DicomTag FloatPixelData => new(0x7FE0, 0x0008);
    public static DicomTag DoubleFloatPixelData => new(0x7FE0, 0x0009);

    public int CompareTo(DicomTag other) => Value.CompareTo(other.Value);

    /// <summary>"(gggg,eeee)" in upper-case hex (by hand: a format string is generic code every process would JIT).</summary>
    public override string ToString()
    {
        const string Hex = "0123456789ABCDEF";
        // stackalloc, not a collection expression: that is an inline-array helper, generic code every process would JIT.
        Span<char> text = stackalloc char[11];
        text[0] = '(';
        text[5] = ',';
        text[10] = ')';
        for (var i = 0; i < 4; i++)
        {
            text[1 + i] = Hex[(Group >> (12 - 4 * i)) & 0xF];
            text[6 + i] = Hex[(Element >> (12 - 4 * i)) & 0xF];
        }
        return new string(text);
    }

    public bool Equals(DicomTag other) => Group == other.Group && Element == other.Element;

    public override int GetHashCode() => (int)Value;

    /// <summary>Parses "(gggg,eeee)", "gggg,eeee" or "ggggeeee" (hex).</summary>
    public static bool TryParse(string text, out DicomTag tag)
    {
        tag = default;
        var s = text.Trim().TrimStart('(').TrimEnd(')').Replace(",", "", StringComparison.Ordinal);
        if (s.Length != 8 || !uint.TryParse(s, System.Globalization.NumberStyles.HexNumber, null, out var v))
        {
            return false;
        }
        tag = new DicomTag(v);
        return true;
    }
}
