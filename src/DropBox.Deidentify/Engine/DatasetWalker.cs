using DropBox.Deidentify.Derivation;
using DropBox.Deidentify.Profile;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>
/// Applies the rules to every element at every nesting level (inside private and UN sequences too), in
/// this order of precedence: project field list › private-element rule › Patient Name/ID pseudonym ›
/// overlays/curves › PS3.15 table code › VR catch-alls for what the table does not name.
/// Every value it removes or replaces is recorded for the verifier.
/// </summary>
internal sealed partial class DatasetWalker(DeidPolicy policy, IProfileRules profile, DeidState state, UidRemapper uids, ValueHasher hasher)
{
    // Properties, not static readonly fields, which precompiled code reads through a helper call: compared per element.
    private static DicomTag PatientName => new(0x0010, 0x0010);
    private static DicomTag PatientId => new(0x0010, 0x0020);
    private static DicomTag TextValue => new(0x0040, 0xA160);

    private int _quiet; // > 0 while walking content that is being removed: record values, but plan nothing

    public void Walk(DicomDataset dataset, string prefix)
    {
        var creators = PrivateCreators(dataset);
        foreach (var item in dataset.ToList())
        {
            if (item.Tag.IsPrivateCreator)
            {
                continue; // creators are kept exactly when an element of their block stays; see RemoveUnusedCreators
            }
            var vr = EffectiveVR(item);
            var creator = item.Tag.IsPrivate ? creators.GetValueOrDefault(CreatorKey(item.Tag.Group, (byte)(item.Tag.Element >> 8))) : null;
            if (AllowList.Refuses(item.Tag, creator) is { } refusal && policy.Fields.RuleFor(item.Tag, creator) is null)
            {
                // Allow-list posture: what the engine does not understand does not leave (unless the field list names it).
                Apply(dataset, item, vr, DeidAction.Remove, null, PathOf(prefix, item.Tag), refusal);
                continue;
            }
            var decision = Decide(item.Tag, vr, creator);
            Apply(dataset, item, vr, decision.Action, decision.Dummy, PathOf(prefix, item.Tag), decision.Note);
        }
        RemoveUnusedCreators(dataset, prefix);
    }

    /// <summary>Walks content that is about to be dropped, only to record its identifying values.</summary>
    private void WalkDoomed(DicomSequence sequence, string path)
    {
        _quiet++;
        try
        {
            WalkItems(sequence, path);
        }
        finally
        {
            _quiet--;
        }
    }

    private void WalkItems(DicomSequence sequence, string path)
    {
        for (var i = 0; i < sequence.Items.Count; i++)
        {
            Walk(sequence.Items[i], state.RecordPlan ? $"{path}[{i}]>" : string.Empty);
        }
    }

    /// <summary>An element's action and, for a dummy, its text (a struct of ours: a value tuple over an enum is generic
    /// code every process would JIT).</summary>
    private readonly struct Decision(DeidAction action, string? dummy = null, string? note = null)
    {
        public DeidAction Action => action;

        public string? Dummy => dummy;

        /// <summary>The plan's word for the action when it says more than the action (e.g. why an element is removed).</summary>
        public string? Note => note;
    }

    /// <summary>
    /// The what-if plan's path of an element ("prefix" + tag); empty when no plan is recorded, so a real run does not
    /// format a tag per element only to throw the text away.
    /// </summary>
    private string PathOf(string prefix, DicomTag tag) => state.RecordPlan ? prefix + tag : string.Empty;

    private Decision Decide(DicomTag tag, DicomVR vr, string? creator)
    {
        if (policy.Fields.RuleFor(tag, creator) is { } rule)
        {
            // A field list writes no "clean"; one built in code is cleaned by the VR's rule, like the table's C.
            return new(rule.Action.Kind == DeidAction.Clean ? CleanByVR(vr) : rule.Action.Kind, rule.Action.DummyValue);
        }
        if (tag.IsPrivate)
        {
            var safe = policy.Has(DeidOption.RetainSafePrivate) && creator is not null
                && policy.SafePrivate.Any(s => s.Matches(tag, creator));
            return new(safe ? DeidAction.Keep : DeidAction.Remove);
        }
        if (tag == PatientName || tag == PatientId)
        {
            return new(DeidAction.Pseudonym);
        }
        if ((tag.Group & 0xFF00) is 0x5000 or 0x6000 && (tag.Group & 1) == 0)
        {
            // Curves and overlays: the table removes their data (X, or C under Clean Graphics, which cannot clean
            // a bitmap); the rest of the group describes data that is gone, so the whole group goes.
            return new(DeidAction.Remove);
        }
        if (tag == TextValue && policy.Has(DeidOption.CleanStructuredContent))
        {
            return new(DeidAction.Dummy, "(text removed by de-identification)");
        }
        if (profile.ActionFor(tag, policy.Options) is { } action)
        {
            return new(action switch
            {
                DeidAction.Dummy when vr == DicomVR.UI => DeidAction.RemapUid, // a dummy UID is a remapped one
                DeidAction.Clean => CleanByVR(vr),
                _ => action,
            });
        }
        if (DicomDictionary.Lookup(tag) is null)
        {
            return new(DeidAction.Remove, note: AllowList.UnknownAttribute);
        }
        if (tag.Group == 0x0010 && IsFreeText(vr) && !DescribesAnAnimal(tag))
        {
            // The Patient group holds identity; text attributes newer than the table (Name to Use, its comment,
            // pronoun comments…) arrive there before the table names them. Codes and numbers (Anatomical Orientation
            // Type, species codes) stay. The field list can keep one on purpose.
            return new(DeidAction.Remove, note: AllowList.UnlistedPatientAttribute);
        }
        return new(CatchAll(vr));
    }

    /// <summary>"C" per VR: dates shift (the option that gives C to dates is Modified Dates), times and codes stay,
    /// UIDs remap, names become dummies, sequences are cleaned inside, free text is scrubbed, anything else goes.</summary>
    private DeidAction CleanByVR(DicomVR vr)
    {
        if (vr == DicomVR.DA || vr == DicomVR.DT) return policy.Has(DeidOption.RetainLongitudinalModifiedDates) ? DeidAction.ShiftDate : DeidAction.Remove;
        if (vr == DicomVR.TM || vr == DicomVR.AS || vr == DicomVR.CS || vr == DicomVR.DS || vr == DicomVR.IS || vr == DicomVR.SQ) return DeidAction.Keep;
        if (vr == DicomVR.US || vr == DicomVR.SS || vr == DicomVR.UL || vr == DicomVR.SL || vr == DicomVR.FL || vr == DicomVR.FD) return DeidAction.Keep;
        if (vr == DicomVR.UI) return DeidAction.RemapUid;
        if (vr == DicomVR.PN) return DeidAction.Dummy;
        return vr.IsString ? DeidAction.Clean : DeidAction.Remove;
    }

    /// <summary>What the table does not name (PS3.15 E.1.1 Note 4: handle dates and UIDs by VR so new attributes are covered).</summary>
    private DeidAction CatchAll(DicomVR vr)
    {
        if (vr == DicomVR.PN) return DeidAction.Dummy;
        if (vr == DicomVR.DA || vr == DicomVR.DT)
        {
            return policy.Has(DeidOption.RetainLongitudinalFullDates) ? DeidAction.Keep
                : policy.Has(DeidOption.RetainLongitudinalModifiedDates) ? DeidAction.ShiftDate
                : DeidAction.Remove;
        }
        if (vr == DicomVR.TM)
        {
            return policy.Has(DeidOption.RetainLongitudinalFullDates) || policy.Has(DeidOption.RetainLongitudinalModifiedDates)
                ? DeidAction.Keep : DeidAction.Remove;
        }
        if (vr == DicomVR.UI) return policy.Has(DeidOption.RetainUids) ? DeidAction.Keep : DeidAction.RemapUid;
        return DeidAction.Keep;
    }

    /// <summary>
    /// The VR the rules use: the file's, unless it is UN, not a VR at all, or one the dictionary does not list for a
    /// public attribute (a flipped bit in the VR, or a value moved under another tag). Then the dictionary's, as a
    /// receiver's reader decides, so a value the engine writes is valid for the attribute and a kept one is checked
    /// against what the attribute holds.
    /// </summary>
    /// <summary>
    /// Patient Species and Breed Description: Type 1C/2C for an animal, describing the species, never a person;
    /// removing them added dciodvfy errors to a real Bruker MR of a mouse.
    /// </summary>
    private static bool DescribesAnAnimal(DicomTag tag) => tag.Element is 0x2201 or 0x2292;

    private static bool IsFreeText(DicomVR vr) =>
        vr == DicomVR.LO || vr == DicomVR.SH || vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT || vr == DicomVR.UC || vr == DicomVR.PN;

    internal static DicomVR EffectiveVR(DicomItem item)
    {
        if (item.VR == DicomVR.UN || !item.VR.IsKnown)
        {
            return DicomDictionary.Lookup(item.Tag)?.VR ?? DicomVR.UN;
        }
        return !item.Tag.IsPrivate && DicomDictionary.Lookup(item.Tag) is { VRs.Length: > 0 } entry
            && entry.VR != DicomVR.UN && Array.IndexOf(entry.VRs, item.VR) < 0 ? entry.VR : item.VR;
    }

    /// <summary>
    /// The private creator element's tag as text, "(gggg,00bb)": text keys, since a dictionary over a tuple or number
    /// key is generic code every process would JIT.
    /// </summary>
    private static string CreatorKey(ushort group, byte block) => new DicomTag(group, block).ToString();

    private static Dictionary<string, string> PrivateCreators(DicomDataset dataset)
    {
        var creators = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in dataset)
        {
            if (item.Tag.IsPrivateCreator && item is DicomElement { Value.IsInMemory: true } e)
            {
                creators[CreatorKey(item.Tag.Group, (byte)item.Tag.Element)] =
                    DicomCharacterSet.Default.Decode(e.Value.Span, DicomVR.LO).Trim(' ', '\0');
            }
        }
        return creators;
    }

    private void RemoveUnusedCreators(DicomDataset dataset, string prefix)
    {
        foreach (var item in dataset.ToList())
        {
            if (!item.Tag.IsPrivateCreator)
            {
                continue;
            }
            var block = (byte)item.Tag.Element;
            var used = dataset.Any(i => i.Tag.Group == item.Tag.Group && !i.Tag.IsPrivateCreator && (byte)(i.Tag.Element >> 8) == block);
            if (used)
            {
                Keep(dataset, item.Tag, DicomVR.LO, PathOf(prefix, item.Tag));
            }
            else
            {
                dataset.Remove(item.Tag);
                Plan(PathOf(prefix, item.Tag), DeidAction.Remove);
            }
        }
    }

    private void Plan(string path, DeidAction action, string? note = null)
    {
        if (_quiet == 0)
        {
            if (note is null)
            {
                state.Note(path, action);
            }
            else
            {
                state.Note(path, note);
            }
        }
    }
}
