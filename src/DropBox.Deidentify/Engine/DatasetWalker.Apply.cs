using DropBox.Deidentify.Derivation;
using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

internal sealed partial class DatasetWalker
{
    /// <summary>The plan's word for a kept element removed because its value does not fit its VR.</summary>
    internal const string MalformedValueNote = "remove-malformed-value";

    private static DicomTag AcquisitionContextSequence => new(0x0040, 0x0555);

    /// <param name="note">The plan's word for the action, when it says more than the action itself.</param>
    private void Apply(DicomDataset dataset, DicomItem item, DicomVR vr, DeidAction action, string? dummy, string path, string? note = null)
    {
        var tag = item.Tag;
        if (item is DicomSequence sequence)
        {
            ApplyToSequence(dataset, sequence, action, path, note);
            return;
        }
        if (item is DicomElement && action != DeidAction.Remove && DicomDictionary.IsSequenceOnly(tag))
        {
            // A sequence attribute whose bytes the reader could not take apart (sent as UN or with a wrong VR): no rule
            // can look inside, and a receiver's reader may still parse items out of it. It does not leave.
            dataset.Remove(tag);
            Plan(path, DeidAction.Remove, AllowList.UnreadableSequence);
            return;
        }
        if (item is DicomFragments fragments)
        {
            // Encapsulated pixel data: never decoded, kept unless a rule removes it.
            if (action == DeidAction.Keep)
            {
                KeepFragments(fragments, path);
            }
            else
            {
                dataset.Remove(tag);
                Plan(path, DeidAction.Remove);
            }
            return;
        }
        var original = dataset.GetString(tag);
        switch (action)
        {
            case DeidAction.Keep:
                if (!RefuseKept(dataset, item, vr, path))
                {
                    Keep(original, vr, path); // the value just read: not decoded a second time
                }
                return;
            case DeidAction.Remove:
                Record(dataset, vr, original);
                dataset.Remove(tag);
                break;
            case DeidAction.Empty:
                Record(dataset, vr, original);
                dataset.Set(new DicomElement(tag, vr == DicomVR.UN ? item.VR : vr, DicomValue.Empty));
                break;
            case DeidAction.Dummy:
                Record(dataset, vr, original);
                WriteDummy(dataset, tag, vr, dummy, original);
                break;
            case DeidAction.Pseudonym:
                Record(dataset, vr, original);
                Write(dataset, tag, vr, state.Pseudonym);
                break;
            case DeidAction.Hash:
                Record(dataset, vr, original);
                if (original is null)
                {
                    dataset.Remove(tag);
                    action = DeidAction.Remove;
                }
                else
                {
                    Write(dataset, tag, vr, hasher.Hash(original, MaxLength(vr)));
                }
                break;
            case DeidAction.ShiftDate:
                action = ShiftDate(dataset, tag, vr, original, path);
                break;
            case DeidAction.RemapUid:
                if (original is null)
                {
                    dataset.Remove(tag); // a UID we cannot read cannot be remapped: it must not go out as it is
                    action = DeidAction.Remove;
                }
                else
                {
                    if (item is DicomElement uidElement && KeptValueCheck.Problem(uidElement, DicomVR.UI) is { Quarantine: true } broken)
                    {
                        state.Malformed ??= broken.Message; // a UID holding control bytes: its length swallowed what followed
                    }
                    foreach (var uid in original.Split('\\').Where(u => !UidRemapper.IsStandard(u.Trim('\0', ' '))))
                    {
                        Record(dataset, DicomVR.UI, uid);
                    }
                    Write(dataset, tag, DicomVR.UI, uids.RemapAll(original));
                }
                break;
            case DeidAction.Clean:
                if (original is null)
                {
                    dataset.Remove(tag);
                    action = DeidAction.Remove;
                }
                else
                {
                    state.DeferredClean.Add(new DeferredText(dataset, tag, vr));
                }
                break;
        }
        Plan(path, action, note);
    }

    private void ApplyToSequence(DicomDataset dataset, DicomSequence sequence, DeidAction action, string path, string? note)
    {
        if (action == DeidAction.Empty && profile.AllowsRemoval(sequence.Tag, policy.Options) && sequence.Tag != AcquisitionContextSequence)
        {
            // X/Z on a sequence: an empty sequence is an error for every Type but 2 (dciodvfy: "Bad Sequence number of
            // Items 0"), and the table allows removal; a Z-only row keeps it, empty. Of the two X/Z sequence rows of
            // Table E.1-1, Acquisition Context Sequence is Type 2 wherever it occurs (PS3.3 C.7.6.14, the module's only
            // attribute), so it stays, empty; Referenced Study Sequence is Type 3 (General Study) and goes.
            action = DeidAction.Remove;
        }
        switch (action)
        {
            case DeidAction.Remove:
                WalkDoomed(sequence, path);
                dataset.Remove(sequence.Tag);
                Plan(path, DeidAction.Remove, note);
                break;
            case DeidAction.Empty:
                WalkDoomed(sequence, path);
                sequence.Items.Clear();
                Plan(path, DeidAction.Empty);
                break;
            default:
                // K, D, C on a sequence: keep it and apply the rules to everything inside (PS3.15 E.1.1).
                Plan(path, DeidAction.Keep);
                WalkItems(sequence, path);
                break;
        }
    }

    private DeidAction ShiftDate(DicomDataset dataset, DicomTag tag, DicomVR vr, string? original, string path)
    {
        if (vr == DicomVR.TM || vr == DicomVR.AS)
        {
            if (!RefuseKept(dataset, dataset.Get(tag), vr, path))
            {
                Keep(original, vr, path);
            }
            return DeidAction.Keep; // whole-day shifts keep times; ages are intervals
        }
        var shifted = original is null ? null
            : vr == DicomVR.DA ? DateShifter.ShiftDate(original, state.DateOffsetDays)
            : vr == DicomVR.DT ? DateShifter.ShiftDateTime(original, state.DateOffsetDays)
            : null;
        Record(dataset, vr, original);
        if (shifted is null)
        {
            dataset.Remove(tag); // unreadable or not a date: removing is the safe choice
            return DeidAction.Remove;
        }
        Write(dataset, tag, vr, shifted);
        return DeidAction.ShiftDate;
    }

    /// <summary>A private creator: kept as it is unless only a damaged file explains its bytes.</summary>
    private void Keep(DicomDataset dataset, DicomTag tag, DicomVR vr, string path)
    {
        if (dataset.Get(tag) is DicomElement element && KeptValueCheck.Problem(element, vr, dataset.CharacterSet) is { Quarantine: true } problem)
        {
            state.Malformed ??= problem.Message;
        }
        Keep(dataset.GetString(tag), vr, path);
    }

    /// <summary>
    /// A value kept verbatim must fit its VR. One that does not is removed, or marks the whole file as malformed
    /// (see <see cref="KeptValueProblem.Quarantine"/>); true when the element is no longer kept.
    /// </summary>
    private bool RefuseKept(DicomDataset dataset, DicomItem? item, DicomVR vr, string path)
    {
        if (item is not DicomElement element
            || (KeptValueCheck.Problem(element, vr, dataset.CharacterSet) ?? KeptValueCheck.Relabel(dataset, element, vr)) is not { } problem)
        {
            return false;
        }
        if (problem.Quarantine)
        {
            state.Malformed ??= problem.Message;
            return false;
        }
        dataset.Remove(item.Tag);
        Plan(path, DeidAction.Remove, MalformedValueNote);
        return true;
    }

    /// <summary>A kept value explains itself and its parts to the verifier (never a person name); the plan notes it.</summary>
    private void Keep(string? value, DicomVR vr, string path)
    {
        if (vr != DicomVR.PN && value is { Length: > 0 } kept)
        {
            state.Legitimate.Add(kept);
            foreach (var part in kept.Split('\\'))
            {
                state.Legitimate.Add(part.Trim());
            }
        }
        Plan(path, DeidAction.Keep);
    }

    private void WriteDummy(DicomDataset dataset, DicomTag tag, DicomVR vr, string? dummy, string? original)
    {
        var text = dummy ?? DummyValues.For(vr);
        if (dummy is null && text is not null && string.Equals(text, original?.Trim(), StringComparison.Ordinal))
        {
            // "D" means the value changes: an input that already holds our dummy gets the alternate one.
            text = DummyValues.Alternate(vr);
        }
        if (text is null)
        {
            dataset.SetBytes(tag, vr, DummyValues.Binary(vr));
        }
        else
        {
            Write(dataset, tag, vr, text);
        }
    }

    private void Write(DicomDataset dataset, DicomTag tag, DicomVR vr, string value)
    {
        var writeVR = vr == DicomVR.UN || !vr.IsString ? DicomVR.LO : vr;
        dataset.SetString(tag, writeVR, value);
        state.Wrote(value);
    }

    /// <summary>
    /// Remembers a removed or replaced value for the verifier. Only VRs that can carry an identity: numbers
    /// (DS, IS, binary) and codes (CS) identify nobody and would only collide with kept values or pixel bytes;
    /// times (TM) are removed by the rules but are too short and too common to search for.
    /// </summary>
    private void Record(DicomDataset dataset, DicomVR vr, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && IsIdentifyingVR(vr))
        {
            state.Replaced.Add((value, dataset.CharacterSet));
        }
    }

    private static bool IsIdentifyingVR(DicomVR vr) =>
        vr == DicomVR.PN || vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT
        || vr == DicomVR.UC || vr == DicomVR.AE || vr == DicomVR.DA || vr == DicomVR.DT || vr == DicomVR.UI || vr == DicomVR.UR;

    private static int MaxLength(DicomVR vr) =>
        vr == DicomVR.SH || vr == DicomVR.AE || vr == DicomVR.CS ? 16 : vr == DicomVR.UI ? 64 : 64;
}
