using DropBox.Deidentify.Derivation;
using DropBox.Deidentify.Markers;
using DropBox.Deidentify.Pixels.Cleaning;
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
public sealed partial class DeidEngine
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
    private readonly PixelCleaningStep _pixels;

    /// <summary>The engine with the generated PS3.15 table. Throws <see cref="ArgumentException"/> listing every settings error.</summary>
    public DeidEngine(DeidSettings settings, IPseudonymStore store, ProjectSecret secret)
        : this(settings, TableProfileRules.Instance, store, secret)
    {
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every settings error.</summary>
    public DeidEngine(DeidSettings settings, IProfileRules profile, IPseudonymStore store, ProjectSecret secret)
        : this(settings, profile, store, secret, PixelCleaningServices.Unavailable)
    {
    }

    /// <summary>The engine with the generated PS3.15 table and what CleanPixelData needs (rules, OCR, spotter, decoder).</summary>
    public DeidEngine(DeidSettings settings, IPseudonymStore store, ProjectSecret secret, PixelCleaningServices pixels)
        : this(settings, TableProfileRules.Instance, store, secret, pixels)
    {
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every settings error.</summary>
    public DeidEngine(DeidSettings settings, IProfileRules profile, IPseudonymStore store, ProjectSecret secret, PixelCleaningServices pixels)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        _policy = DeidPolicy.From(settings);
        _profile = profile;
        _store = store;
        _secret = secret;
        _uids = new UidRemapper(secret);
        _hasher = new ValueHasher(secret);
        _dates = new DateShifter(secret, settings.MaxDateShiftDays);
        _pixels = new PixelCleaningStep(pixels, settings);
        _profile.ActionFor(PatientNameTag, _policy.Options); // builds the table for these options now, not in the first file
    }

    /// <summary>De-identifies <paramref name="inputPath"/> into exactly <paramref name="outputPath"/>.</summary>
    public DeidResult Deidentify(string inputPath, string outputPath, UploadContext upload) =>
        Run(inputPath, upload, _ => OutputNaming.Exact(outputPath), overwrite: true, Path.GetDirectoryName(Path.GetFullPath(outputPath))!);

    /// <summary>De-identifies into <paramref name="outputRoot"/>/&lt;suggested name&gt; (a "_2" suffix when taken).</summary>
    public DeidResult DeidentifyInto(string inputPath, string outputRoot, UploadContext upload) =>
        Run(inputPath, upload, name => OutputNaming.Claim(outputRoot, name), overwrite: false, outputRoot);

    /// <summary>What would be done to each attribute (paths and actions, never values); null plan when quarantined.</summary>
    public (DeidResult Result, IReadOnlyList<(string Path, string Action)> Plan) WhatIf(string inputPath)
    {
        using var opened = OpenOrQuarantine(() => DicomFile.Open(inputPath), out var failed);
        if (opened is null)
        {
            return (failed!, []);
        }
        if (Hold(opened) is { } hold)
        {
            return (hold, []);
        }
        if (Damaged(opened) is { } damaged)
        {
            return (damaged, []);
        }
        // A private (0700) folder for a decoded copy (plaintext), made only for a file the pixel step reads.
        var scratch = TouchesPixels(opened) ? Directory.CreateTempSubdirectory("dropbox-whatif-") : null;
        PixelStepResult pixels;
        try
        {
            pixels = CleanPixels(opened, inputPath, scratch?.FullName ?? string.Empty);
        }
        finally
        {
            scratch?.Delete(recursive: true);
        }
        if (pixels.Hold is { } heldForPixels)
        {
            return (heldForPixels, pixels.Plan);
        }
        var state = Transform(pixels.File!, "<pseudonym>", recordPlan: true, cleanedPixels: pixels.Plan.Count > 0);
        state.Plan.AddRange(pixels.Plan);
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
    /// on quarantine <paramref name="output"/> may hold a partial write the caller must discard. Not for a project
    /// with Clean Pixel Data (<see cref="CleansPixelData"/>): its pixel step decodes from a file, so use the path methods.
    /// </summary>
    public DeidResult DeidentifyStream(Stream input, Stream output, UploadContext upload)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        if (CleansPixelData)
        {
            throw new InvalidOperationException("Clean Pixel Data decodes pixels from a file: de-identify by path, not by stream");
        }
        using var opened = OpenOrQuarantine(() => DicomFile.Open(input), out var failed);
        if (opened is null)
        {
            return failed!;
        }
        var decided = Decide(opened, upload, inputPath: string.Empty, scratchFolder: string.Empty);
        if (decided.Failed is { } refused)
        {
            return refused;
        }
        decided.File!.Save(output);
        if (LeakVerifier.FindLeak(output, decided.State!, decided.File.Dataset) is { } leak)
        {
            return DeidResult.Quarantined(QuarantineReasons.VerificationFailed, leak);
        }
        return DeidResult.Ok(decided.Name!, string.Empty, decided.State!.Actions, decided.Pseudonym!);
    }

    /// <summary>Whether the project asks for Clean Pixel Data (then files are de-identified by path only).</summary>
    public bool CleansPixelData => _policy.Has(DeidOption.CleanPixelData);

    /// <param name="claimOutput">The final path for the suggested name and its open ".partial", where the write goes.</param>
    /// <param name="overwrite">Whether an existing final file is replaced (an exact path) or must not exist (a claimed name).</param>
    /// <param name="scratchFolder">Where a compressed file's decoded copy lies while its pixels are cleaned (the output's
    /// folder: as private as the output; the copy is deleted before the output is written).</param>
    private DeidResult Run(string inputPath, UploadContext upload, Func<string, OutputClaim> claimOutput, bool overwrite, string scratchFolder)
    {
        using var opened = OpenOrQuarantine(() => DicomFile.Open(inputPath), out var failed);
        if (opened is null)
        {
            return failed!;
        }
        var decided = Decide(opened, upload, inputPath, scratchFolder);
        if (decided.Failed is { } refused)
        {
            return refused;
        }
        var (file, state, pseudonym, name) = (decided.File!, decided.State!, decided.Pseudonym!, decided.Name!);
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

    /// <summary>Everything before the write: quarantine checks, the pixel step, the patient key and pseudonym, the rule
    /// walk, the name. The file to write is the pixel step's (a decoded copy when it cleaned compressed frames).</summary>
    private Decision Decide(DicomFile opened, UploadContext upload, string inputPath, string scratchFolder)
    {
        if ((Hold(opened) ?? Damaged(opened)) is { } refused)
        {
            return Decision.Refused(refused);
        }
        var pixels = CleanPixels(opened, inputPath, scratchFolder);
        if (pixels.Hold is { } heldForPixels)
        {
            return Decision.Refused(heldForPixels);
        }
        var file = pixels.File!;
        var patientKey = PatientKeyOf(file.Dataset);
        if (file.Dataset.GetString(StudyInstanceUid) is { Length: > 0 } study && !upload.TryClaimStudy(study, patientKey)
            && !_policy.Relaxed.Contains(QuarantineReasons.PatientIdConflict))
        {
            return Decision.Refused(DeidResult.Quarantined(QuarantineReasons.PatientIdConflict,
                "this upload holds one Study Instance UID with two different Patient IDs"));
        }
        var pseudonym = _store.GetOrCreate(_policy.Settings.Project, patientKey, _policy.Settings.PseudonymFormat);
        var state = Transform(file, pseudonym, recordPlan: false, cleanedPixels: pixels.Plan.Count > 0, patientKey);
        if (state.Malformed is { } malformed)
        {
            return Decision.Refused(DeidResult.Quarantined(QuarantineReasons.MalformedValue,
                malformed + "; the file looks damaged: ask the sender to export it again"));
        }
        return new Decision(null, file, state, pseudonym, OutputNaming.For(file.Dataset, pseudonym, _secret));
    }

    /// <summary>A refusal, or what the write needs.</summary>
    private sealed record Decision(DeidResult? Failed, DicomFile? File, DeidState? State, string? Pseudonym, string? Name)
    {
        public static Decision Refused(DeidResult result) => new(result, null, null, null, null);
    }

    /// <param name="cleanedPixels">The Clean Pixel Data step cleaned this file's frames: only then does its code (113101)
    /// go into the markers, which otherwise would claim a cleaning nobody did.</param>
    private DeidState Transform(DicomFile file, string pseudonym, bool recordPlan, bool cleanedPixels, string? patientKey = null)
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
        var options = cleanedPixels ? _policy.Options : _policy.Options & ~DeidOption.CleanPixelData;
        ConformanceMarkers.Write(file.Dataset, options, _profile.Edition, _policy.Fields.Rules.Count > 0, state);
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
}
