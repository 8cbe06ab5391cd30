namespace DropBox.Testing;

/// <summary>
/// One element line of a dcmdump listing. <see cref="TagPath"/> uses the codec's tag path form with upper-case
/// hex, e.g. <c>(0008,1115)[0]>(0020,000E)</c>. <see cref="Value"/> is dcmdump's value text: <c>[text]</c> for
/// strings, numbers or hex bytes joined by backslashes, <c>(no value available)</c>, <c>(not loaded)</c>, and
/// for sequences normalized to <c>(Sequence #=N)</c> (N items), whatever the length encoding.
/// <see cref="Length"/> is the value length dcmdump reports, null for undefined length.
/// </summary>
public sealed record DumpElement(string TagPath, string Tag, string VR, string Value, long? Length, string Name)
{
    /// <summary>Group number of the element's own tag.</summary>
    public ushort Group => Convert.ToUInt16(Tag.Substring(1, 4), 16);

    /// <summary>Element number of the element's own tag.</summary>
    public ushort Element => Convert.ToUInt16(Tag.Substring(6, 4), 16);

    /// <summary>A group length element (gggg,0000).</summary>
    public bool IsGroupLength => Element == 0;

    /// <summary>In the file meta group (0002,xxxx) at the top level.</summary>
    public bool IsMeta => Group == 2 && !TagPath.Contains('>', StringComparison.Ordinal);

    public override string ToString() => $"{TagPath} {VR} {Value} (len {Length?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "u/l"})";
}
