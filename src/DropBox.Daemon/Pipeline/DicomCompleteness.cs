using DropBox.Daemon.Intake;
using DropBox.Dicom;

namespace DropBox.Daemon.Pipeline;

/// <summary>
/// "A DICOM file that does not parse to the end is incomplete": the codec reads the whole file (large values
/// are skipped over, not loaded). A file that is malformed rather than cut short looks the same from here; it
/// waits until the deadline and then goes to quarantine, which is the safe side.
/// </summary>
internal static class DicomCompleteness
{
    public static CompletenessVerdict Probe(string path)
    {
        var cheap = CompletenessProbe.CheapDicomProbe(path);
        if (!cheap.IsComplete || cheap.Kind != UploadKind.Dicom)
        {
            return cheap;
        }
        try
        {
            using var file = DicomFile.Open(path);
            return CompletenessVerdict.Complete(UploadKind.Dicom);
        }
        catch (DicomFormatException ex)
        {
            return CompletenessVerdict.Incomplete(UploadKind.Dicom, $"the DICOM file does not parse to its end (at byte {ex.Offset})");
        }
    }
}
