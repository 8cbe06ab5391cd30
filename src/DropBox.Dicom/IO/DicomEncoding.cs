namespace DropBox.Dicom;

/// <summary>How element headers are laid out in one part of a file (the meta group, the dataset, a UN sequence).</summary>
internal readonly record struct DicomEncoding(bool ExplicitVR, bool BigEndian)
{
    public static readonly DicomEncoding ImplicitLittle = new(false, false);
    public static readonly DicomEncoding ExplicitLittle = new(true, false);

    public static DicomEncoding Of(TransferSyntax syntax) => new(syntax.IsExplicitVR, syntax.IsBigEndian);
}
