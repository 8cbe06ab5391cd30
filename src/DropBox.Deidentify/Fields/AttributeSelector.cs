using System.Globalization;
using DropBox.Dicom;

namespace DropBox.Deidentify.Fields;

/// <summary>
/// Names one attribute: a public tag, or a private element by its creator and element byte
/// ("SIEMENS CSA HEADER:(0029,xx10)"), because a private element's block number (the "xx") differs from file to file.
/// </summary>
public sealed record AttributeSelector
{
    private AttributeSelector(DicomTag? tag, string? creator, ushort group, byte elementByte)
    {
        Tag = tag;
        PrivateCreator = creator;
        Group = group;
        ElementByte = elementByte;
    }

    public DicomTag? Tag { get; }
    public string? PrivateCreator { get; }
    public ushort Group { get; }
    public byte ElementByte { get; }
    public bool IsPrivate => PrivateCreator is not null;

    public static AttributeSelector Public(DicomTag tag) => new(tag, null, tag.Group, 0);

    public static AttributeSelector Private(string creator, ushort group, byte elementByte) =>
        new(null, creator.Trim(), group, elementByte);

    /// <summary>True if the element <paramref name="tag"/> (whose block belongs to <paramref name="creator"/>, if private) is the one named.</summary>
    public bool Matches(DicomTag tag, string? creator) =>
        Tag is { } t
            ? t == tag
            : tag.IsPrivate && !tag.IsPrivateCreator && tag.Group == Group && (byte)tag.Element == ElementByte
              && string.Equals(creator?.Trim(), PrivateCreator, StringComparison.Ordinal);

    /// <summary>Parses "CREATOR:(gggg,xxee)" (xx literally, or any two hex digits, ignored). Null when malformed.</summary>
    public static AttributeSelector? TryParsePrivate(string text)
    {
        var colon = text.LastIndexOf(":(", StringComparison.Ordinal);
        if (colon <= 0)
        {
            return null;
        }
        var creator = text[..colon].Trim();
        var tagText = text[(colon + 1)..].Trim().TrimStart('(').TrimEnd(')').Split(',');
        if (creator.Length == 0 || tagText.Length != 2 || tagText[0].Length != 4 || tagText[1].Length != 4
            || !ushort.TryParse(tagText[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var group)
            || (group & 1) == 0
            || !byte.TryParse(tagText[1][2..], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var element))
        {
            return null;
        }
        return Private(creator, group, element);
    }

    public override string ToString() =>
        Tag is { } t ? t.ToString() : $"{PrivateCreator}:({Group:X4},xx{ElementByte:X2})";
}
