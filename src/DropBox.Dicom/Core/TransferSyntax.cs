namespace DropBox.Dicom;

/// <summary>How a dataset is encoded on the wire (PS3.5 §10, Annex A).</summary>
public sealed record TransferSyntax(string Uid, bool IsExplicitVR, bool IsBigEndian, bool IsDeflated, bool IsEncapsulated)
{
    public static readonly TransferSyntax ImplicitVRLittleEndian = new("1.2.840.10008.1.2", false, false, false, false);
    public static readonly TransferSyntax ExplicitVRLittleEndian = new("1.2.840.10008.1.2.1", true, false, false, false);
    public static readonly TransferSyntax DeflatedExplicitVRLittleEndian = new("1.2.840.10008.1.2.1.99", true, false, true, false);
    public static readonly TransferSyntax ExplicitVRBigEndian = new("1.2.840.10008.1.2.2", true, true, false, false);

    /// <summary>
    /// Resolves a Transfer Syntax UID. Every other UID under the DICOM root is an encapsulated (compressed)
    /// syntax in explicit VR little endian: JPEG (1.2.840.10008.1.2.4.*), RLE (1.2.840.10008.1.2.5),
    /// MPEG/HEVC, HTJ2K, JPIP, and the deflated image syntaxes. Encapsulated pixel data is passed through.
    /// </summary>
    public static TransferSyntax FromUid(string uid)
    {
        uid = uid.TrimEnd('\0', ' ');
        return uid switch
        {
            "1.2.840.10008.1.2" => ImplicitVRLittleEndian,
            "1.2.840.10008.1.2.1" => ExplicitVRLittleEndian,
            "1.2.840.10008.1.2.1.99" => DeflatedExplicitVRLittleEndian,
            "1.2.840.10008.1.2.2" => ExplicitVRBigEndian,
            // Deflated Image Frame Compression (2024+): frames deflated individually, dataset plain.
            "1.2.840.10008.1.2.8.1" => new(uid, true, false, false, true),
            _ => new(uid, true, false, false, true),
        };
    }

    public override string ToString() => Uid;
}
