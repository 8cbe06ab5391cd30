using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>PS3.15 "D": a non-empty value valid for the VR that identifies nobody.</summary>
internal static class DummyValues
{
    public const string PersonName = "ANONYMOUS";
    public const string Text = "ANONYMIZED";

    /// <summary>The dummy text for a string VR, or null for binary VRs (see <see cref="Binary"/>).</summary>
    public static string? For(DicomVR vr)
    {
        if (vr == DicomVR.PN) return PersonName;
        if (vr == DicomVR.DA) return "19000101";
        if (vr == DicomVR.DT) return "19000101000000";
        if (vr == DicomVR.TM) return "000000";
        if (vr == DicomVR.AS) return "000Y";
        if (vr == DicomVR.DS || vr == DicomVR.IS) return "0";
        if (vr == DicomVR.AE) return "ANONYMOUS";
        if (vr == DicomVR.UR) return "urn:dicom:anonymized";
        if (vr == DicomVR.CS) return "ANONYMIZED";
        return vr.IsString ? Text : null;
    }

    /// <summary>A second dummy, for an input that already holds the first.</summary>
    public static string Alternate(DicomVR vr) =>
        vr == DicomVR.DA ? "19010101" : vr == DicomVR.DT ? "19010101000000" : vr == DicomVR.TM ? "000001"
        : vr == DicomVR.AS ? "001Y" : vr == DicomVR.DS || vr == DicomVR.IS ? "1" : vr == DicomVR.PN ? "ANONYMOUS^2" : "ANONYMIZED2";

    /// <summary>Zero bytes of one binary value.</summary>
    public static byte[] Binary(DicomVR vr) => new byte[Math.Max(2, vr.ElementSize)];
}
