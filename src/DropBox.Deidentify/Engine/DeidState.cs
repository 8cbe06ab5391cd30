using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>
/// Per-file working state of one de-identification: the patient's pseudonym and date offset, the values the
/// rules removed or replaced (for the verifier; in memory only), the values kept by decision or written by us
/// (so the verifier does not flag them), and the what-if plan.
/// </summary>
internal sealed class DeidState
{
    public required string Pseudonym { get; init; }
    public required int DateOffsetDays { get; init; }
    public bool RecordPlan { get; init; }

    /// <summary>The file's transfer syntax: how its encapsulated frames are compressed.</summary>
    public string TransferSyntaxUid { get; init; } = string.Empty;

    /// <summary>Original values the rules removed or replaced, with the character set they were stored in.</summary>
    public List<(string Value, DicomCharacterSet CharacterSet)> Replaced { get; } = [];

    /// <summary>Values present in the output on purpose: kept by a rule, or written by the engine.</summary>
    public HashSet<string> Legitimate { get; } = new(StringComparer.Ordinal);

    /// <summary>Values the engine wrote (pseudonym, dummies, markers): a replaced value inside one of them is not a leak.</summary>
    public List<string> Written { get; } = [];

    public List<(string Path, string Action)> Plan { get; } = [];

    /// <summary>The first kept value that does not fit its VR (attribute and problem, never the value); null when none.</summary>
    public string? Malformed { get; set; }

    public int Actions { get; set; }

    /// <summary>Text elements to clean once every identifying value of the file is known.</summary>
    public List<DeferredText> DeferredClean { get; } = [];

    public void Note(string path, string action)
    {
        if (action != "keep")
        {
            Actions++;
        }
        if (RecordPlan)
        {
            Plan.Add((path, action));
        }
    }

    /// <summary>The walker's note: counts a change, and only a what-if run spells the action out.</summary>
    public void Note(string path, DeidAction action)
    {
        if (action != DeidAction.Keep)
        {
            Actions++;
        }
        if (RecordPlan)
        {
            Plan.Add((path, DeidActionText.Of(action)));
        }
    }

    public void Wrote(string value)
    {
        Written.Add(value);
        Legitimate.Add(value);
    }
}

/// <summary>A text element to clean at the end of the file (a class: a list of a value tuple is code every process would JIT).</summary>
internal sealed record DeferredText(DicomDataset Dataset, DicomTag Tag, DicomVR VR);
