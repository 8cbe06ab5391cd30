namespace DropBox.Dicom;

/// <summary>
/// One data dictionary row (PS3.6). <see cref="VRs"/> lists every VR the standard allows, first the one
/// used when a value must be decoded without an explicit VR (e.g. OW for "OB or OW" pixel data).
/// </summary>
public sealed record DicomDictionaryEntry(DicomTag Tag, DicomVR[] VRs, string VM, string Keyword, string Name, bool Retired)
{
    public DicomVR VR => VRs.Length > 0 ? VRs[0] : DicomVR.UN;
}
