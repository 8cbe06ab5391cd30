using DropBox.Deidentify.Pseudonyms;
using DropBox.Deidentify.Quarantine;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>The engine's checks on a file as read: readable, undamaged, and whose patient it is.</summary>
public sealed partial class DeidEngine
{
    /// <summary>
    /// A file whose structure shows damage before any rule runs: elements out of ascending order or repeated (a tag
    /// that a flipped bit moved, kept under its new tag, would carry its value past every rule for the old one), or a
    /// file meta UID that is no UID (a length that swallowed what followed, copied into the output's meta).
    /// </summary>
    private static DeidResult? Damaged(DicomFile file)
    {
        foreach (var warning in file.Warnings)
        {
            if (warning.OutOfOrder)
            {
                return DeidResult.Quarantined(QuarantineReasons.MalformedValue,
                    $"an element out of ascending tag order or repeated at {warning.TagPath}: the header is damaged; ask the sender to export the file again");
            }
        }
        foreach (var item in file.Meta)
        {
            if (item is DicomElement { VR: var vr } element && vr == DicomVR.UI
                && DicomValueRules.Check(DicomVR.UI, element.Value.IsInMemory ? element.Value.Span : default, element.Value.Length) is { } problem)
            {
                return DeidResult.Quarantined(QuarantineReasons.MalformedValue,
                    $"file meta {element.Tag} is no valid UID ({problem.Message}): the header is damaged; ask the sender to export the file again");
            }
        }
        return null;
    }

    /// <summary>
    /// Issuer + Patient ID; without a Patient ID, name + birth date, then the study (so that patients without an
    /// ID do not all share one pseudonym).
    /// </summary>
    private string PatientKeyOf(DicomDataset dataset)
    {
        var id = dataset.GetString(PatientIdTag)?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            var name = dataset.GetString(PatientNameTag)?.Trim();
            id = !string.IsNullOrEmpty(name)
                ? "name:" + name + "|" + dataset.GetString(PatientBirthDate)?.Trim()
                : "study:" + dataset.GetString(StudyInstanceUid)?.Trim();
        }
        return PatientKey.Compute(_secret, dataset.GetString(IssuerOfPatientId), id);
    }

    private static DicomFile? OpenOrQuarantine(Func<DicomFile> open, out DeidResult? failed)
    {
        failed = null;
        try
        {
            return open();
        }
        catch (Exception e) when (e is DicomFormatException or EndOfStreamException or InvalidDataException or NotSupportedException)
        {
            var where = e is DicomFormatException f ? $" at byte {f.Offset} ({f.TagPath})" : string.Empty;
            failed = DeidResult.Quarantined(QuarantineReasons.ParseError, $"the file is not readable DICOM{where}");
            return null;
        }
    }
}
