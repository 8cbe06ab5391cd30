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
    private static readonly DicomTag Rows = new(0x0028, 0x0010);

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
            // A file cut exactly at an element boundary parses to its end too. The likeliest such cut is an
            // exporter that wrote the header and stalled before the (large) pixel data: an image description
            // (Rows) without any pixel data element is not whole yet.
            if (file.Dataset.Contains(Rows) && !file.Dataset.Contains(DicomTag.PixelData)
                && !file.Dataset.Contains(DicomTag.FloatPixelData) && !file.Dataset.Contains(DicomTag.DoubleFloatPixelData))
            {
                return CompletenessVerdict.Incomplete(UploadKind.Dicom, "the DICOM image ends before its pixel data");
            }
            return CompletenessVerdict.Complete(UploadKind.Dicom);
        }
        catch (DicomFormatException ex)
        {
            return CompletenessVerdict.Incomplete(UploadKind.Dicom, $"the DICOM file does not parse to its end (at byte {ex.Offset})");
        }
    }
}
