namespace DropBox.Dicom;

/// <summary>One entry of a dataset: a plain element, a sequence, or encapsulated pixel data.</summary>
public abstract class DicomItem(DicomTag tag, DicomVR vr)
{
    public DicomTag Tag { get; } = tag;

    public DicomVR VR { get; } = vr;

    public override string ToString() => $"{Tag} {VR}";
}

/// <summary>Any element that is not a sequence or encapsulated pixel data.</summary>
public sealed class DicomElement(DicomTag tag, DicomVR vr, DicomValue value) : DicomItem(tag, vr)
{
    public DicomValue Value { get; } = value;
}

/// <summary>
/// A sequence of items: SQ, or UN / unknown of undefined length parsed as one (PS3.5 §6.2.2).
/// The length form (defined or undefined) is kept as read; defined lengths are recomputed on write.
/// </summary>
public sealed class DicomSequence(DicomTag tag, DicomVR vr) : DicomItem(tag, vr)
{
    public DicomSequence(DicomTag tag) : this(tag, DicomVR.SQ) { }

    public List<DicomDataset> Items { get; } = [];

    /// <summary>Written with undefined length and a sequence delimitation item (the default for new sequences).</summary>
    public bool UndefinedLength { get; set; } = true;

    /// <summary>
    /// The items are encoded in implicit VR little endian whatever the surrounding syntax: true for a UN
    /// element of undefined length (PS3.5 §6.2.2), which is written back the same way.
    /// </summary>
    public bool ImplicitLittleEndianContent { get; set; }
}

/// <summary>Encapsulated pixel data: Basic Offset Table item plus fragments, passed through byte for byte.</summary>
public sealed class DicomFragments(DicomTag tag, DicomVR vr) : DicomItem(tag, vr)
{
    public DicomValue OffsetTable { get; set; } = DicomValue.Empty;

    public List<DicomValue> Fragments { get; } = [];
}
