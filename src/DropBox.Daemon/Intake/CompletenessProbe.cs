using DropBox.Daemon.Unpack;
using ICSharpCode.SharpZipLib.Zip;

namespace DropBox.Daemon.Intake;

/// <summary>
/// Content self-validation of a claimed file (the strongest completeness signal stock OpenSSH leaves us):
/// a zip must have a readable central directory (it sits at the very end, so a truncated zip fails);
/// a DICOM file must parse to the end — that check is a seam (<c>dicomProbe</c>) the codec plugs into.
/// </summary>
internal sealed class CompletenessProbe
{
    private readonly Func<string, CompletenessVerdict> _dicomProbe;

    /// <param name="dicomProbe">Full-parse check for a DICOM file; default <see cref="CheapDicomProbe"/>.</param>
    public CompletenessProbe(Func<string, CompletenessVerdict>? dicomProbe = null)
    {
        _dicomProbe = dicomProbe ?? CheapDicomProbe;
    }

    /// <summary>Probes the regular file at <paramref name="path"/>.</summary>
    public CompletenessVerdict Probe(string path)
    {
        var head = DicomSniffer.ReadHead(path);
        if (head.Length == 0)
        {
            return CompletenessVerdict.Incomplete(UploadKind.Other, "The file is empty.");
        }

        if (DicomSniffer.LooksLikeZip(head))
        {
            return ProbeZip(path);
        }

        if (DicomSniffer.IsPart10(head) || DicomSniffer.IsPlausibleBareDataset(head, new FileInfo(path).Length))
        {
            return _dicomProbe(path);
        }

        return head.Length < DicomSniffer.HeadLength
            ? CompletenessVerdict.Incomplete(UploadKind.Other, "The file is too short to be identified.")
            : CompletenessVerdict.Complete(UploadKind.Other);
    }

    /// <summary>Opens the zip's central directory and walks every entry header.</summary>
    public static CompletenessVerdict ProbeZip(string path)
    {
        try
        {
            using var zip = new ZipFile(path);
            foreach (ZipEntry entry in zip)
            {
                _ = entry.Name;
            }

            return CompletenessVerdict.Complete(UploadKind.Zip);
        }
        catch (Exception e) when (e is ZipException or IOException or ArgumentException or InvalidOperationException)
        {
            return CompletenessVerdict.Incomplete(UploadKind.Zip, "The zip's central directory cannot be read (truncated or still uploading).");
        }
    }

    /// <summary>
    /// The default DICOM check until the codec is plugged in: the sniffers already matched, so it only refuses
    /// a Part 10 file that ends inside its meta header. It cannot see a truncated dataset.
    /// </summary>
    public static CompletenessVerdict CheapDicomProbe(string path)
    {
        var length = new FileInfo(path).Length;
        return DicomSniffer.IsPart10(DicomSniffer.ReadHead(path)) && length < DicomSniffer.HeadLength + 12
            ? CompletenessVerdict.Incomplete(UploadKind.Dicom, "The DICOM file ends inside its header.")
            : CompletenessVerdict.Complete(UploadKind.Dicom);
    }
}
