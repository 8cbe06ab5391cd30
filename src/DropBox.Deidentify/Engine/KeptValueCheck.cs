using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>
/// Whether a value the engine keeps verbatim fits its VR (<see cref="DicomValueRules"/>). The VR is the one the rules
/// use (<see cref="DatasetWalker.EffectiveVR"/>: the dictionary's where the file's is not listed), so an address (LO)
/// that a flipped tag bit moved into an attribute holding a number (DS) is judged as a number; <see cref="Relabel"/>
/// then deals with the file's own VR. The message names the attribute and the problem, never the value.
/// </summary>
internal static class KeptValueCheck
{
    private static DicomTag SpecificCharacterSet => new(0x0008, 0x0005);

    /// <summary>The problem of a kept value, or null when it fits.</summary>
    /// <param name="charset">The dataset's character set, to check escape sequences in text; null to skip that.</param>
    public static KeptValueProblem? Problem(DicomElement element, DicomVR vr, DicomCharacterSet? charset = null)
    {
        if (element.Tag == SpecificCharacterSet && element.Value.IsInMemory
            && DicomCharacterSet.ProblemOf(System.Text.Encoding.Latin1.GetString(element.Value.Span)) is { } termProblem)
        {
            return new KeptValueProblem($"{element.Tag} SpecificCharacterSet cannot be read by a strict reader ({termProblem})", Quarantine: true);
        }
        var entry = element.Tag.IsPrivate ? null : DicomDictionary.Lookup(element.Tag);
        var value = element.Value;
        var bytes = value.IsInMemory ? value.Span : default;
        var listed = entry is { VRs.Length: > 0 } && Array.IndexOf(entry.VRs, vr) >= 0;
        var problem = DicomValueRules.Check(vr, bytes, value.Length, listed ? entry!.VM : null);
        if (problem is null && charset is not null && vr.UsesSpecificCharacterSet && charset.EscapeProblem(bytes) is { } escape)
        {
            problem = new DicomValueProblem(escape, Structural: false);
        }
        if (problem is not { } found)
        {
            return null;
        }
        var name = entry is { Keyword.Length: > 0 } ? " " + entry.Keyword : string.Empty;
        return new KeptValueProblem(
            $"{element.Tag}{name} holds a value that does not fit its VR ({found.Message})",
            found.Structural || IsEssential(element.Tag));
    }

    /// <summary>
    /// Attributes the rest of the file is read by: how to decode its text, and how to read its pixels (group 0028).
    /// Without them, or with a wrong one, the output would be a different image or different text.
    /// </summary>
    internal static bool IsEssential(DicomTag tag) => tag == SpecificCharacterSet || tag.Group is 0x0028 or 0x7FE0;

    /// <summary>
    /// A kept element whose VR in the file is not the one the rules used (<see cref="DatasetWalker.EffectiveVR"/>):
    /// relabelled when the bytes mean the same under both (text and text, numbers of one size), so readers agree;
    /// otherwise a problem (removed, or the file held when the attribute is essential).
    /// </summary>
    public static KeptValueProblem? Relabel(DicomDataset dataset, DicomElement element, DicomVR vr)
    {
        if (element.VR == vr || element.VR == DicomVR.UN || !element.VR.IsKnown)
        {
            return null;
        }
        var sameMeaning = !element.VR.IsString && !vr.IsString && element.VR.ElementSize == vr.ElementSize;
        if (sameMeaning)
        {
            dataset.Set(new DicomElement(element.Tag, vr, element.Value));
            return null;
        }
        var keyword = DicomDictionary.KeywordOf(element.Tag);
        return new KeptValueProblem($"{element.Tag}{(keyword.Length > 0 ? " " + keyword : "")} was sent with VR {element.VR} where it holds {vr}",
            IsEssential(element.Tag));
    }
}

/// <param name="Message">Attribute and problem, never the value.</param>
/// <param name="Quarantine">
/// True when only a damaged file explains it (the element's neighbours may be damaged too) or the file cannot be
/// read right without the attribute: the file is held as malformed-value. False: the element alone is removed,
/// which is safe, since its bytes then do not leave, and the rest of the file was read element by element.
/// </param>
internal readonly record struct KeptValueProblem(string Message, bool Quarantine);
