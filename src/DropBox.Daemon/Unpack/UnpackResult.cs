using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Unpack;

/// <summary>
/// One file taken out of an upload's zip, under a generated name (<c>m00001.dcm</c>, <c>m00002.bin</c>).
/// <see cref="EntryIndex"/> says where it came from without its name: "7" is entry 7 of the upload, "7/3" is
/// entry 3 of the zip that is entry 7. Original entry names are never kept, logged or written.
/// </summary>
internal sealed record UnpackedMember(string FileName, string FullPath, bool IsDicom, string EntryIndex);

/// <summary>The outcome of <see cref="ZipUnpacker.Unpack"/>.</summary>
internal sealed record UnpackResult
{
    private UnpackResult(IReadOnlyList<UnpackedMember> members, IReadOnlyList<UnpackedMember> setAside, QuarantineReason? refusal)
    {
        Members = members;
        SetAside = setAside;
        Refusal = refusal;
    }

    /// <summary>True when the archive was unpacked; false when it is refused as a whole.</summary>
    public bool IsOk => Refusal is null;

    /// <summary>Members to process, in entry order (DICOM; plus the others when AllowNonDicom).</summary>
    public IReadOnlyList<UnpackedMember> Members { get; }

    /// <summary>Non-DICOM members to quarantine with <see cref="ReasonCatalog.NotDicom"/> (empty when AllowNonDicom).</summary>
    public IReadOnlyList<UnpackedMember> SetAside { get; }

    /// <summary>Why the whole archive is refused (code from <see cref="ReasonCatalog"/>, PHI-free message).</summary>
    public QuarantineReason? Refusal { get; }

    public static UnpackResult Ok(IReadOnlyList<UnpackedMember> members, IReadOnlyList<UnpackedMember> setAside) =>
        new(members, setAside, null);

    public static UnpackResult Refused(string code, string message) =>
        new([], [], new QuarantineReason(code, message));
}
