using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Platform;
using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>A claimed upload with its de-identified plaintext package, ready to encrypt.</summary>
internal sealed record PreparedUpload(UploadRecord Upload, PackageResult Package)
{
    /// <summary>The ciphertext's name: the upload id, never an uploaded name.</summary>
    public string OutputName => Upload.Id + Package.Extension + ".gpg";
}

/// <summary>
/// Inspects each claimed upload (settled? whole?) and builds the de-identified package of those that are whole.
/// What is not whole waits (journal "Waiting") or, past its deadline, goes to quarantine with what cannot be sent.
/// </summary>
internal sealed class PrepareStep(
    PipelineContext context,
    UploadClaimer claimer,
    ClaimedUploadInspector inspector,
    UploadDeidentifier deidentifier,
    QuarantineStep quarantine,
    ResolveMissingStep missing)
{
    public StepResult<PreparedUpload> Run(IEnumerable<UploadRecord> uploads, CancellationToken cancellationToken)
    {
        var prepared = new List<PreparedUpload>();
        var tally = PassTally.None;
        foreach (var upload in uploads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (package, step) = Prepare(upload, cancellationToken);
            tally += step;
            if (package is not null)
            {
                prepared.Add(new PreparedUpload(upload, package));
            }
        }
        return new StepResult<PreparedUpload>(prepared, tally);
    }

    private (PackageResult? Package, PassTally Tally) Prepare(UploadRecord upload, CancellationToken cancellationToken)
    {
        var claim = ClaimedUpload.TryLoad(claimer.DirectoryOf(upload.Id));
        if (claim is null)
        {
            return (null, missing.Resolve(upload));
        }
        var inspection = inspector.Inspect(claim);
        switch (inspection.Status)
        {
            case InspectionStatus.Waiting:
                if (upload.State != UploadState.Waiting)
                {
                    // Once, when it starts waiting; a later poll finds it Waiting already and says nothing.
                    Log.UploadWaiting(context.Logger, upload.Id, inspection.Reason ?? "");
                }
                context.Journal.SetState(upload.Id, UploadState.Waiting, inspection.Reason);
                return (null, PassTally.WaitingFor(1));
            case InspectionStatus.Missing:
                return (null, missing.Resolve(upload));
            case InspectionStatus.Expired:
                return (null, quarantine.Whole(upload, claim, new QuarantineReason(ReasonCatalog.IncompleteUpload, inspection.Reason!)));
        }
        if (inspection.Kind == UploadKind.Other && !context.Options.Unpack.AllowNonDicom)
        {
            return (null, quarantine.Whole(upload, claim, new QuarantineReason(ReasonCatalog.NotDicom,
                "the upload is neither a DICOM file nor a zip archive; put non-sensitive files straight into club_house instead")));
        }
        try
        {
            return Deidentify(upload, claim, inspection.Kind, cancellationToken);
        }
        catch (Exception ex) when (UploadFailure.InPreparing(ex))
        {
            Log.StepFailed(context.Logger, upload.Id, "de-identify", upload.Attempts + 1, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            return (null, PassTally.Failure);
        }
    }

    private (PackageResult? Package, PassTally Tally) Deidentify(UploadRecord upload, ClaimedUpload claim, UploadKind kind, CancellationToken cancellationToken)
    {
        context.Journal.CountAttempt(upload.Id);
        var sha = FileHash.Sha256AndFlush(claim.OriginalPath);
        context.Journal.SetClaimed(upload.Id, sha.Length, sha.Sha256);
        var package = deidentifier.Build(claim, kind, cancellationToken);
        if (package.PackagePath is null)
        {
            return (null, package.WholeUploadReason is { } reason
                ? quarantine.Whole(upload, claim, reason)
                : quarantine.EveryMember(upload, claim));
        }
        if (package.FilesQuarantined > 0)
        {
            Log.MembersQuarantined(context.Logger, upload.Id, package.FilesQuarantined, "see 'dropbox quarantine list'");
            context.Events.MembersQuarantined(upload.Sender, upload.Id, package.FilesQuarantined);
            return (package, PassTally.OneQuarantined);
        }
        return (package, PassTally.None);
    }
}
