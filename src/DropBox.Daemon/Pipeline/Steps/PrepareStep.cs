using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Platform;
using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>A claimed upload with its de-identified plaintext package, ready to encrypt; or, for a zip encrypted while
/// it was de-identified, with its checked ciphertext already made (<see cref="Sealed"/>).</summary>
internal sealed record PreparedUpload(UploadRecord Upload, PackageResult Package, EncryptedFile? Sealed = null)
{
    /// <summary>The ciphertext's name: the upload id, never an uploaded name.</summary>
    public string OutputName => OutputNameOf(Upload.Id, Package.Extension);

    public static string OutputNameOf(string uploadId, string packageExtension) => uploadId + packageExtension + ".gpg";
}

/// <summary>
/// Inspects each claimed upload (settled? whole?) and builds the de-identified package of those that are whole.
/// What is not whole waits (journal "Waiting") or, past its deadline, goes to quarantine with what cannot be sent.
/// A zip that streams is encrypted as it is de-identified: its package goes straight into gpg, so no plaintext
/// package is written and gpg works on one core while the members are de-identified on the others.
/// </summary>
internal sealed class PrepareStep(
    PipelineContext context,
    UploadClaimer claimer,
    ClaimedUploadInspector inspector,
    UploadDeidentifier deidentifier,
    QuarantineStep quarantine,
    ResolveMissingStep missing)
{
    public async Task<StepResult<PreparedUpload>> RunAsync(IEnumerable<UploadRecord> uploads, PassKeys keys, CancellationToken cancellationToken)
    {
        var prepared = new List<PreparedUpload>();
        var tally = PassTally.None;
        foreach (var upload in uploads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (package, step) = await PrepareAsync(upload, keys, cancellationToken).ConfigureAwait(false);
            tally += step;
            if (package is not null)
            {
                prepared.Add(package);
            }
        }
        return new StepResult<PreparedUpload>(prepared, tally);
    }

    private async Task<(PreparedUpload? Package, PassTally Tally)> PrepareAsync(UploadRecord upload, PassKeys keys, CancellationToken cancellationToken)
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
            var streams = inspection.Kind == UploadKind.Zip ? await keys.StreamsAsync(cancellationToken).ConfigureAwait(false) : null;
            return Deidentify(upload, claim, inspection.Kind, streams, cancellationToken);
        }
        catch (Exception ex) when (UploadFailure.InPreparing(ex))
        {
            Log.StepFailed(context.Logger, upload.Id, "de-identify", upload.Attempts + 1, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            return (null, PassTally.Failure);
        }
    }

    private (PreparedUpload? Package, PassTally Tally) Deidentify(UploadRecord upload, ClaimedUpload claim, UploadKind kind,
        IStreamEncryptor? streams, CancellationToken cancellationToken)
    {
        context.Journal.CountAttempt(upload.Id);
        var sha = FileHash.Sha256AndFlush(claim.OriginalPath);
        context.Journal.SetClaimed(upload.Id, sha.Length, sha.Sha256);
        IStreamEncryption? sealing = null;
        try
        {
            Func<Stream>? openTarget = streams is null ? null : () =>
                (sealing = streams.Begin(Path.Combine(claim.Directory, PreparedUpload.OutputNameOf(upload.Id, ".zip")), sha.Length, cancellationToken)).Input;
            var package = deidentifier.Build(claim, kind, openTarget, cancellationToken);
            // Only a package written whole counts; anything else gpg was given is thrown away with its output.
            var sealedFile = package.Streamed ? sealing!.Complete() : null;
            return Outcome(upload, claim, package, sealedFile);
        }
        finally
        {
            sealing?.Dispose();
        }
    }

    private (PreparedUpload? Package, PassTally Tally) Outcome(UploadRecord upload, ClaimedUpload claim, PackageResult package, EncryptedFile? sealedFile)
    {
        if (!package.HasOutput)
        {
            return (null, package.WholeUploadReason is { } reason
                ? quarantine.Whole(upload, claim, reason)
                : quarantine.EveryMember(upload, claim));
        }
        if (package.FilesQuarantined > 0)
        {
            Log.MembersQuarantined(context.Logger, upload.Id, package.FilesQuarantined, "see 'dropbox quarantine list'");
            context.Events.MembersQuarantined(upload.Sender, upload.Id, package.FilesQuarantined);
            return (new PreparedUpload(upload, package, sealedFile), PassTally.OneQuarantined);
        }
        return (new PreparedUpload(upload, package, sealedFile), PassTally.None);
    }
}
