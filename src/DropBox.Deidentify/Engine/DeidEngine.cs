using DropBox.Deidentify.Derivation;
using DropBox.Deidentify.Markers;
using DropBox.Deidentify.Profile;
using DropBox.Deidentify.Pseudonyms;
using DropBox.Deidentify.Quarantine;
using DropBox.Deidentify.Verification;
using DropBox.Dicom;

namespace DropBox.Deidentify.Engine;

/// <summary>
/// De-identifies one DICOM file at a time: quarantine checks, the recursive rule walk, conformance markers,
/// a rebuilt file meta, then the write and the verifier. Thread-safe: call it in parallel for the files of an
/// upload (share one <see cref="UploadContext"/> per upload).
/// </summary>
public sealed class DeidEngine
{
    private static readonly DicomTag PatientIdTag = new(0x0010, 0x0020);
    private static readonly DicomTag IssuerOfPatientId = new(0x0010, 0x0021);
    private static readonly DicomTag PatientNameTag = new(0x0010, 0x0010);
    private static readonly DicomTag PatientBirthDate = new(0x0010, 0x0030);
    private static readonly DicomTag StudyInstanceUid = new(0x0020, 0x000D);

    private readonly DeidPolicy _policy;
    private readonly IProfileRules _profile;
    private readonly IPseudonymStore _store;
    private readonly ProjectSecret _secret;
    private readonly UidRemapper _uids;
    private readonly ValueHasher _hasher;
    private readonly DateShifter _dates;

    /// <summary>The engine with the generated PS3.15 table. Throws <see cref="ArgumentException"/> listing every settings error.</summary>
    public DeidEngine(DeidSettings settings, IPseudonymStore store, ProjectSecret secret)
        : this(settings, TableProfileRules.Instance, store, secret)
    {
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every settings error.</summary>
    public DeidEngine(DeidSettings settings, IProfileRules profile, IPseudonymStore store, ProjectSecret secret)
    {
        _policy = DeidPolicy.From(settings);
        _profile = profile;
        _store = store;
        _secret = secret;
        _uids = new UidRemapper(secret);
        _hasher = new ValueHasher(secret);
        _dates = new DateShifter(secret, settings.MaxDateShiftDays);
        _profile.ActionFor(PatientNameTag, _policy.Options); // builds the table for these options now, not in the first file
    }

    /// <summary>De-identifies <paramref name="inputPath"/> into exactly <paramref name="outputPath"/>.</summary>
    public DeidResult Deidentify(string inputPath, string outputPath, UploadContext upload) =>
        Run(inputPath, upload, _ => OutputNaming.Exact(outputPath), overwrite: true);

    /// <summary>De-identifies into <paramref name="outputRoot"/>/&lt;suggested name&gt; (a "_2" suffix when taken).</summary>
    public DeidResult DeidentifyInto(string inputPath, string outputRoot, UploadContext upload) =>
        Run(inputPath, upload, name => OutputNaming.Claim(outputRoot, name), overwrite: false);

    /// <summary>What would be done to each attribute (paths and actions, never values); null plan when quarantined.</summary>
    public (DeidResult Result, IReadOnlyList<(string Path, string Action)> Plan) WhatIf(string inputPath)
    {
        using var opened = OpenOrQuarantine(() => DicomFile.Open(inputPath), out var failed);
        if (opened is null)
        {
            return (failed!, []);
        }
        if (QuarantineRules.Check(opened, _policy.Relaxed, _policy.Has(DeidOption.CleanStructuredContent)) is { } hold)
        {
            return (DeidResult.Quarantined(hold.Reason, hold.Message), []);
        }
        if (Damaged(opened) is { } damaged)
        {
            return (damaged, []);
        }
        var state = Transform(opened, "<pseudonym>", recordPlan: true);
        if (state.Malformed is { } malformed)
        {
            return (DeidResult.Quarantined(QuarantineReasons.MalformedValue, malformed + "; the file looks damaged: ask the sender to export it again"), state.Plan);
        }
        return (DeidResult.Ok(string.Empty, string.Empty, state.Actions, "<pseudonym>"), state.Plan);
    }

    /// <summary>
    /// De-identifies the DICOM file in <paramref name="input"/> (seekable, read from its start) into
    /// <paramref name="output"/> (seekable, read-write, empty: e.g. a <see cref="MemoryStream"/>), which the verifier
    /// reads back; nothing touches the disk. Ok carries the suggested <see cref="DeidResult.OutputName"/> and no path;
    /// on quarantine <paramref name="output"/> may hold a partial write the caller must discard.
    /// </summary>
    public DeidResult DeidentifyStream(Stream input, Stream output, UploadContext upload)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        using var file = OpenOrQuarantine(() => DicomFile.Open(input), out var failed);
        if (file is null)
        {
            return failed!;
        }
        var decided = Decide(file, upload);
        if (decided.Failed is { } refused)
        {
            return refused;
        }
        file.Save(output);
        if (LeakVerifier.FindLeak(output, decided.State!, file.Dataset) is { } leak)
        {
            return DeidResult.Quarantined(QuarantineReasons.VerificationFailed, leak);
        }
        return DeidResult.Ok(decided.Name!, string.Empty, decided.State!.Actions, decided.Pseudonym!);
    }

    /// <param name="claimOutput">The final path for the suggested name and its open ".partial", where the write goes.</param>
    /// <param name="overwrite">Whether an existing final file is replaced (an exact path) or must not exist (a claimed name).</param>
    private DeidResult Run(string inputPath, UploadContext upload, Func<string, OutputClaim> claimOutput, bool overwrite)
    {
        using var file = OpenOrQuarantine(() => DicomFile.Open(inputPath), out var failed);
        if (file is null)
        {
            return failed!;
        }
        var decided = Decide(file, upload);
        if (decided.Failed is { } refused)
        {
            return refused;
        }
        var (state, pseudonym, name) = (decided.State!, decided.Pseudonym!, decided.Name!);
        var claim = claimOutput(name);
        var outputPath = claim.FinalPath;
        var temp = outputPath + OutputNaming.PartialSuffix;
        try
        {
            // Straight into the .partial (for a claimed name: the claim itself), then read back through the same
            // handle by the verifier; the rename below is what makes the output appear whole, so no reader ever
            // sees a half-written or unverified file under its name.
            string? leak;
            using (var stream = claim.Partial)
            {
                file.Save(stream);
                leak = LeakVerifier.FindLeak(stream, state, file.Dataset);
            }
            if (leak is not null)
            {
                File.Delete(temp);
                return DeidResult.Quarantined(QuarantineReasons.VerificationFailed, leak);
            }
            File.Move(temp, outputPath, overwrite);
        }
        catch
        {
            claim.Partial.Dispose();
            File.Delete(temp);
            throw;
        }
        // The claimed name: two copies of one instance in an upload get "_2", and callers (a zip's entry names) need it.
        return DeidResult.Ok(claim.Name ?? name, outputPath, state.Actions, pseudonym);
    }

    /// <summary>Everything before the write: quarantine checks, the patient key and pseudonym, the rule walk, the name.</summary>
    private Decision Decide(DicomFile file, UploadContext upload)
    {
        if (QuarantineRules.Check(file, _policy.Relaxed, _policy.Has(DeidOption.CleanStructuredContent)) is { } hold)
        {
            return new Decision(DeidResult.Quarantined(hold.Reason, hold.Message), null, null, null);
        }
        if (Damaged(file) is { } damaged)
        {
            return new Decision(damaged, null, null, null);
        }
        var patientKey = PatientKeyOf(file.Dataset);
        if (file.Dataset.GetString(StudyInstanceUid) is { Length: > 0 } study && !upload.TryClaimStudy(study, patientKey)
            && !_policy.Relaxed.Contains(QuarantineReasons.PatientIdConflict))
        {
            return new Decision(DeidResult.Quarantined(QuarantineReasons.PatientIdConflict,
                "this upload holds one Study Instance UID with two different Patient IDs"), null, null, null);
        }
        var pseudonym = _store.GetOrCreate(_policy.Settings.Project, patientKey, _policy.Settings.PseudonymFormat);
        var state = Transform(file, pseudonym, recordPlan: false, patientKey);
        if (state.Malformed is { } malformed)
        {
            return new Decision(DeidResult.Quarantined(QuarantineReasons.MalformedValue,
                malformed + "; the file looks damaged: ask the sender to export it again"), null, null, null);
        }
        return new Decision(null, state, pseudonym, OutputNaming.For(file.Dataset, pseudonym, _secret));
    }

    /// <summary>A refusal, or what the write needs.</summary>
    private sealed record Decision(DeidResult? Failed, DeidState? State, string? Pseudonym, string? Name);

    /// <summary>
    /// A file whose structure shows damage before any rule runs: elements out of ascending order or repeated (a tag
    /// that a flipped bit moved, kept under its new tag, would carry its value past every rule for the old one), or a
    /// file meta UID that is no UID (a length that swallowed what followed, copied into the output's meta).
    /// </summary>
    private static DeidResult? Damaged(DicomFile file)
    {
        foreach (var warning in file.Warnings)
        {
            if (warning.OutOfOrder)
            {
                return DeidResult.Quarantined(QuarantineReasons.MalformedValue,
                    $"an element out of ascending tag order or repeated at {warning.TagPath}: the header is damaged; ask the sender to export the file again");
            }
        }
        foreach (var item in file.Meta)
        {
            if (item is DicomElement { VR: var vr } element && vr == DicomVR.UI
                && DicomValueRules.Check(DicomVR.UI, element.Value.IsInMemory ? element.Value.Span : default, element.Value.Length) is { } problem)
            {
                return DeidResult.Quarantined(QuarantineReasons.MalformedValue,
                    $"file meta {element.Tag} is no valid UID ({problem.Message}): the header is damaged; ask the sender to export the file again");
            }
        }
        return null;
    }

    private DeidState Transform(DicomFile file, string pseudonym, bool recordPlan, string? patientKey = null)
    {
        var state = new DeidState
        {
            Pseudonym = pseudonym,
            DateOffsetDays = _dates.OffsetDays(patientKey ?? PatientKeyOf(file.Dataset)),
            RecordPlan = recordPlan,
            TransferSyntaxUid = file.TransferSyntax.Uid,
        };
        state.Wrote(pseudonym);
        CleanMeta(file.Meta, state);
        new DatasetWalker(_policy, _profile, state, _uids, _hasher).Walk(file.Dataset, string.Empty);
        TextCleaner.Apply(state);
        ConformanceMarkers.Write(file.Dataset, _policy.Options, _profile.Edition, _policy.Fields.Rules.Count > 0, state);
        return state;
    }

    /// <summary>
    /// The writer keeps meta elements as read: drop everything but version, SOP class/instance, transfer syntax
    /// and implementation identity (source/sending AE titles and private information can identify the sender's
    /// site or patient), and remap the meta instance UID even when the dataset lacks its own SOP Instance UID.
    /// </summary>
    private void CleanMeta(DicomDataset meta, DeidState state)
    {
        foreach (var item in meta.ToList())
        {
            if (item.Tag.Element is not (0x0001 or 0x0002 or 0x0003 or 0x0010 or 0x0012 or 0x0013) || item.Tag.Group != 0x0002)
            {
                if (meta.GetString(item.Tag) is { Length: > 0 } removed)
                {
                    state.Replaced.Add((removed, DicomCharacterSet.Default));
                }
                meta.Remove(item.Tag);
                state.Note("FileMeta>" + item.Tag, "remove");
            }
        }
        if (meta.GetString(DicomTag.MediaStorageSopInstanceUid) is { Length: > 0 } instance && !UidRemapper.IsStandard(instance))
        {
            state.Replaced.Add((instance, DicomCharacterSet.Default));
            meta.SetString(DicomTag.MediaStorageSopInstanceUid, DicomVR.UI, _uids.Remap(instance));
            state.Note("FileMeta>" + DicomTag.MediaStorageSopInstanceUid, "remap-uid");
        }
    }

    /// <summary>
    /// Issuer + Patient ID; without a Patient ID, name + birth date, then the study (so that patients without an
    /// ID do not all share one pseudonym).
    /// </summary>
    private string PatientKeyOf(DicomDataset dataset)
    {
        var id = dataset.GetString(PatientIdTag)?.Trim();
        if (string.IsNullOrEmpty(id))
        {
            var name = dataset.GetString(PatientNameTag)?.Trim();
            id = !string.IsNullOrEmpty(name)
                ? "name:" + name + "|" + dataset.GetString(PatientBirthDate)?.Trim()
                : "study:" + dataset.GetString(StudyInstanceUid)?.Trim();
        }
        return PatientKey.Compute(_secret, dataset.GetString(IssuerOfPatientId), id);
    }

    private static DicomFile? OpenOrQuarantine(Func<DicomFile> open, out DeidResult? failed)
    {
        failed = null;
        try
        {
            return open();
        }
        catch (Exception e) when (e is DicomFormatException or EndOfStreamException or InvalidDataException or NotSupportedException)
        {
            var where = e is DicomFormatException f ? $" at byte {f.Offset} ({f.TagPath})" : string.Empty;
            failed = DeidResult.Quarantined(QuarantineReasons.ParseError, $"the file is not readable DICOM{where}");
            return null;
        }
    }
}
