using System.Runtime.ExceptionServices;
using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Quarantine;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// Inspects each claimed upload (settled? whole?) and builds the de-identified package of those that are whole.
/// What is not whole waits (journal "Waiting") or, past its deadline, goes to quarantine with what cannot be sent.
/// The batch moves together: inspection (serial), the originals hashed on every core, their attempts and hashes
/// journaled in ONE transaction ("Claimed" with its hash, before any package is built), the packages built on every
/// core (<see cref="PackageBuilds"/>), then each outcome handled serially in input order. A zip that streams is
/// encrypted as it is de-identified: its package goes straight into gpg, so no plaintext package is written and gpg
/// works on one core while the members are de-identified on the others.
/// </summary>
internal sealed class PrepareStep(
    PipelineContext context,
    UploadClaimer claimer,
    ClaimedUploadInspector inspector,
    UploadDeidentifier deidentifier,
    QuarantineStep quarantine,
    ResolveMissingStep missing,
    int parallelism)
{
    public async Task<StepResult<PreparedUpload>> RunAsync(IEnumerable<UploadRecord> uploads, PassKeys keys, CancellationToken cancellationToken)
    {
        var builds = new List<PackageBuild>();
        var tally = PassTally.None;
        foreach (var upload in uploads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (build, step) = Inspect(upload);
            tally += step;
            if (build is not null)
            {
                builds.Add(build);
            }
        }
        if (builds.Count == 0)
        {
            return new StepResult<PreparedUpload>([], tally);
        }
        // A zip is encrypted as it is built: its receivers' keys are made ready (a few short gpg runs at a first start)
        // while the originals are hashed.
        var streamsReady = builds.Any(b => b.Kind == UploadKind.Zip) ? keys.StreamsAsync(cancellationToken) : Task.FromResult<IStreamEncryptor?>(null);
        PackageBuilds.HashOriginals(builds, parallelism, cancellationToken);
        context.Journal.Batch(() =>
        {
            foreach (var build in builds)
            {
                context.Journal.CountAttempt(build.Upload.Id);
                if (build.Original is { } original)
                {
                    context.Journal.SetClaimed(build.Upload.Id, original.Length, original.Sha256);
                }
            }
        });
        var streams = await streamsReady.ConfigureAwait(false);
        PackageBuilds.Build(builds, deidentifier, streams, parallelism, cancellationToken);
        var prepared = new List<PreparedUpload>();
        foreach (var build in builds)
        {
            var (package, step) = Finish(build);
            tally += step;
            if (package is not null)
            {
                prepared.Add(new PreparedUpload(build.Upload, package, build.Sealed));
            }
        }
        return new StepResult<PreparedUpload>(prepared, tally);
    }

    /// <summary>Decides what one upload needs; a whole one comes back as a build, everything else is handled here.</summary>
    private (PackageBuild? Build, PassTally Tally) Inspect(UploadRecord upload)
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
        return (new PackageBuild(upload, claim, inspection.Kind), PassTally.None);
    }

    /// <summary>What a build came to: a package to encrypt, a quarantine, or a failure retried next pass.</summary>
    private (PackageResult? Package, PassTally Tally) Finish(PackageBuild build)
    {
        var (upload, claim) = (build.Upload, build.Claim);
        if (build.Error is { } error)
        {
            if (!UploadFailure.InPreparing(error))
            {
                ExceptionDispatchInfo.Capture(error).Throw();
            }
            Log.StepFailed(context.Logger, upload.Id, "de-identify", upload.Attempts + 1, PhiSafe.Describe(error), ScrubbedException.From(error));
            return (null, PassTally.Failure);
        }
        var package = build.Package!;
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
            return (package, PassTally.OneQuarantined);
        }
        return (package, PassTally.None);
    }
}
