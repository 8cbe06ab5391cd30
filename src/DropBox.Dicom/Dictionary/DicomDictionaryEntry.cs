namespace DropBox.Dicom;

/// <summary>
/// One data dictionary row (PS3.6). <see cref="VRs"/> lists every VR the standard allows, first the one
/// used when a value must be decoded without an explicit VR (OW for "OB or OW" and for the LUT data
/// "US or (SS or) OW", US for "US or SS"). It is empty where PS3.6 gives no VR: the item and delimitation
/// tags (FFFE,E000/E00D/E0DD), which are not data elements, and three retired rows; <see cref="VR"/> is
/// then UN. <see cref="Keyword"/> and <see cref="Name"/> are empty for six retired rows PS3.6 leaves blank.
/// </summary>
public sealed record DicomDictionaryEntry(DicomTag Tag, DicomVR[] VRs, string VM, string Keyword, string Name, bool Retired)
{
    public DicomVR VR => VRs.Length > 0 ? VRs[0] : DicomVR.UN;

    /// <summary>True when PS3.6 allows more than one VR (the actual one then depends on other attributes).</summary>
    public bool HasAlternativeVRs => VRs.Length > 1;
}
