using System.Globalization;
using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// Which element a test reads: a dictionary keyword (<c>Manufacturer</c>) or a tag (<c>[0008,0070]</c>), or a chain
/// through sequences joined by <c>::</c> (<c>SequenceOfUltrasoundRegions::RegionLocationMinY0</c>), as CTP writes them.
/// <see cref="Text"/> keeps the spelling of the rules file so a rendered file reads like the one written.
/// </summary>
internal sealed class AttributeReference(IReadOnlyList<DicomTag> path, IReadOnlyList<string> names)
{
    /// <summary>Sequence tags first, the element read last.</summary>
    public IReadOnlyList<DicomTag> Path { get; } = path;

    public DicomTag Tag => Path[^1];

    public string Text { get; } = string.Join("::", names);

    /// <summary>The name of one step as written: a keyword as is, a tag as [gggg,eeee] in upper-case hex.</summary>
    public static string TagText(DicomTag tag) =>
        string.Create(CultureInfo.InvariantCulture, $"[{tag.Group:X4},{tag.Element:X4}]");
}
