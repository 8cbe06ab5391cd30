namespace DropBox.Dicom;

/// <summary>A tolerated oddity found while reading: where (byte offset, tag path) and what. Never holds values.</summary>
public sealed record DicomWarning(long Offset, string TagPath, string Message)
{
    /// <summary>An element out of ascending tag order or repeated: the mark of a damaged tag.</summary>
    public bool OutOfOrder { get; init; }

    public override string ToString() => $"offset {Offset}{(TagPath.Length > 0 ? " " + TagPath : "")}: {Message}";
}
