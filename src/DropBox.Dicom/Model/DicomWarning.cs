namespace DropBox.Dicom;

/// <summary>A tolerated oddity found while reading: where (byte offset, tag path) and what. Never holds values.</summary>
public sealed record DicomWarning(long Offset, string TagPath, string Message)
{
    public override string ToString() => $"offset {Offset}{(TagPath.Length > 0 ? " " + TagPath : "")}: {Message}";
}
