using System.Collections.Concurrent;

namespace DropBox.Deidentify.Quarantine;

/// <summary>
/// What the files of one upload must agree on: a Study Instance UID belongs to one patient. Thread-safe; one
/// instance per upload. Holds original values only in memory, for the upload's lifetime.
/// </summary>
public sealed class UploadContext
{
    private readonly ConcurrentDictionary<string, string> _patientByStudy = new(StringComparer.Ordinal);

    /// <summary>
    /// Records the study's patient; false when the study was already seen with another Patient ID
    /// (the first file seen wins; later conflicting files are quarantined).
    /// </summary>
    public bool TryClaimStudy(string studyInstanceUid, string patientKey)
    {
        var owner = _patientByStudy.GetOrAdd(studyInstanceUid, patientKey);
        return string.Equals(owner, patientKey, StringComparison.Ordinal);
    }
}
