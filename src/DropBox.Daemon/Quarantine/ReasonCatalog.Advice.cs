namespace DropBox.Daemon.Quarantine;

/// <summary>What a sender should do about each reason code: the text of their receipt (and of the admins' digest).</summary>
internal static partial class ReasonCatalog
{
    /// <summary>One sentence for the person who uploaded the file; never names a value, a file or a member.</summary>
    public static string SenderAdvice(string code) => code switch
    {
        IncompleteUpload => "the file was still incomplete when the waiting time ran out: upload it again, whole",
        Symlink or SpecialFile => "only regular files are accepted (no links, pipes or devices): upload the file itself",
        ZipSlip or ZipLink or ZipEncrypted or ZipTooDeep =>
            "the archive was refused whole: send a plain zip of DICOM files (no passwords, links, absolute paths or archives inside archives)",
        ZipBomb => "the archive unpacks to more than the project allows: split it into several smaller zips",
        ZipCorrupt => "the archive could not be read: create it again and upload it again",
        NotDicom => "this is not a DICOM file: put non-sensitive files (PDF, text) straight into club_house instead",
        PlainDicomInClubHouse => "a DICOM file was put into club_house: upload it to your gpg/ inbox instead, where it is de-identified",
        BurnedInAnnotation => "the image may have text burned into its pixels: the project's administrator must look at it; do not re-send it",
        Dicomdir => "a DICOMDIR index is never forwarded: nothing to do, the images it lists travel on their own",
        StructuredReport => "structured reports are not forwarded in this project: ask the administrator if they must travel",
        PatientIdConflict => "one study carries two patient IDs: check the export and upload the corrected study again",
        ParseError => "the DICOM file cannot be read to its end: export it again from the PACS and upload the new export",
        MalformedValue => "the DICOM file is damaged: export it again from the PACS (not a copy of this file) and upload it",
        VerificationFailed => "the de-identified copy did not pass the final check: the administrator will look at it; do not re-send it",
        _ => "the administrator has been told; ask them about this upload id",
    };
}
