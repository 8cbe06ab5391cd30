using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Markers;

/// <summary>
/// PS3.15 E.1.1 / PS3.3 C.7.1.1: what a receiver reads to know how the file was de-identified —
/// Patient Identity Removed, De-identification Method (text), its Code Sequence (DCM 113100 + one CID 7050
/// code per option) and Longitudinal Temporal Information Modified.
/// </summary>
internal static class ConformanceMarkers
{
    public static readonly DicomTag PatientIdentityRemoved = new(0x0012, 0x0062);
    public static readonly DicomTag DeidentificationMethod = new(0x0012, 0x0063);
    public static readonly DicomTag DeidentificationMethodCodeSequence = new(0x0012, 0x0064);
    public static readonly DicomTag LongitudinalTemporalInformationModified = new(0x0028, 0x0303);
    private static readonly DicomTag CodeValue = new(0x0008, 0x0100);
    private static readonly DicomTag CodingSchemeDesignator = new(0x0008, 0x0102);
    private static readonly DicomTag CodeMeaning = new(0x0008, 0x0104);

    /// <summary>Read once: every output's method text carries it, and reading it is a reflection call.</summary>
    public static string Version { get; } =
        typeof(ConformanceMarkers).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    /// <summary>The method text, one LO value (≤ 64 characters) per line.</summary>
    public static IReadOnlyList<string> MethodText(DeidOption options, string edition, bool hasFieldList)
    {
        var lines = new List<string> { "DICOM PS3.15 E.1 Basic Application Confidentiality Profile", $"PS3.15 Table E.1-1 {edition}" };
        foreach (var option in DeidOptionCatalog.Singles)
        {
            if ((options & option) == option)
            {
                lines.Add(DeidOptionCatalog.CodeOf(option).Meaning);
            }
        }
        if (hasFieldList)
        {
            lines.Add("Project field list applied");
        }
        lines.Add($"DropBox {Version}");
        return lines.ConvertAll(l => l.Length > 64 ? l[..64] : l);
    }

    public static void Write(DicomDataset dataset, DeidOption options, string edition, bool hasFieldList, DeidState state)
    {
        Set(dataset, PatientIdentityRemoved, DicomVR.CS, "YES", state);
        Set(dataset, DeidentificationMethod, DicomVR.LO, string.Join('\\', MethodText(options, edition, hasFieldList)), state);
        var codes = new DicomSequence(DeidentificationMethodCodeSequence);
        codes.Items.Add(Code("113100", "Basic Application Confidentiality Profile", state));
        foreach (var option in DeidOptionCatalog.Singles)
        {
            if ((options & option) == option)
            {
                var (code, meaning) = DeidOptionCatalog.CodeOf(option);
                codes.Items.Add(Code(code, meaning, state));
            }
        }
        dataset.Set(codes);
        var temporal = (options & DeidOption.RetainLongitudinalFullDates) != 0 ? "UNMODIFIED"
            : (options & DeidOption.RetainLongitudinalModifiedDates) != 0 ? "MODIFIED"
            : "REMOVED";
        Set(dataset, LongitudinalTemporalInformationModified, DicomVR.CS, temporal, state);
        state.Actions += 4;
    }

    private static DicomDataset Code(string value, string meaning, DeidState state)
    {
        var item = new DicomDataset();
        Set(item, CodeValue, DicomVR.SH, value, state);
        Set(item, CodingSchemeDesignator, DicomVR.SH, "DCM", state);
        Set(item, CodeMeaning, DicomVR.LO, meaning, state);
        return item;
    }

    private static void Set(DicomDataset dataset, DicomTag tag, DicomVR vr, string value, DeidState state)
    {
        dataset.SetString(tag, vr, value);
        state.Wrote(value);
        foreach (var part in value.Split('\\'))
        {
            state.Wrote(part);
        }
    }
}
