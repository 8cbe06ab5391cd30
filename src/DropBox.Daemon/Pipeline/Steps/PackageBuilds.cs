using System.Runtime.ExceptionServices;
using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>One upload of a prepare batch whose content is whole: its claim, its kind, and what the parallel work
/// made of it (the original's hash, then its package), or the exception that stopped it.</summary>
internal sealed class PackageBuild(Journal.UploadRecord upload, ClaimedUpload claim, UploadKind kind)
{
    public Journal.UploadRecord Upload { get; } = upload;

    public ClaimedUpload Claim { get; } = claim;

    public UploadKind Kind { get; } = kind;

    public (long Length, string Sha256)? Original { get; set; }

    public PackageResult? Package { get; set; }

    /// <summary>The checked ciphertext of a zip encrypted while it was de-identified, or null.</summary>
    public EncryptedFile? Sealed { get; set; }

    public Exception? Error { get; set; }
}

/// <summary>
/// The CPU-bound part of a prepare batch, run on every core: hashing the originals, then de-identifying. Loose
/// uploads run in parallel with each other; an archive already de-identifies its members in parallel, so archives
/// run one at a time after them (never a parallel loop inside a parallel loop). Each build writes only in its own
/// upload's folder; what is shared (the engine, the pseudonym store, the quarantine store) is safe across threads.
/// The journal, the events and the quarantine decisions stay with the caller, serial and in input order.
/// </summary>
internal static class PackageBuilds
{
    /// <summary>Hashes (and fsyncs) each original; a failure is kept on its build, not thrown.</summary>
    public static void HashOriginals(IReadOnlyList<PackageBuild> builds, int parallelism, CancellationToken cancellationToken) =>
        Parallel.ForEach(builds, Options(parallelism, cancellationToken), build => Run(build, () => build.Original = FileHash.Sha256AndFlush(build.Claim.OriginalPath)));

    /// <summary>Builds the package of each (hashed) upload; a failure is kept on its build, not thrown. With
    /// <paramref name="streams"/>, a zip that streams is encrypted as it is built (<see cref="PackageBuild.Sealed"/>).</summary>
    public static void Build(IReadOnlyList<PackageBuild> builds, UploadDeidentifier deidentifier, IStreamEncryptor? streams, int parallelism,
        CancellationToken cancellationToken)
    {
        var hashed = builds.Where(b => b.Error is null).ToList();
        Parallel.ForEach(hashed.Where(b => b.Kind != UploadKind.Zip), Options(parallelism, cancellationToken),
            build => Run(build, () => build.Package = deidentifier.Build(build.Claim, build.Kind, cancellationToken: cancellationToken)));
        foreach (var build in hashed.Where(b => b.Kind == UploadKind.Zip))
        {
            cancellationToken.ThrowIfCancellationRequested();
            Run(build, () => (build.Package, build.Sealed) = BuildZip(build, deidentifier, streams, cancellationToken));
        }
        // A stop request that reached a build (rather than the loop) stops the step as it did before.
        if (builds.FirstOrDefault(b => b.Error is OperationCanceledException) is { Error: { } stopped })
        {
            ExceptionDispatchInfo.Capture(stopped).Throw();
        }
    }

    /// <summary>A zip's package, written into one gpg process when it streams (and streams are ready): only a package
    /// written whole counts; anything else gpg was given is thrown away with its output.</summary>
    private static (PackageResult Package, EncryptedFile? Sealed) BuildZip(PackageBuild build, UploadDeidentifier deidentifier, IStreamEncryptor? streams,
        CancellationToken cancellationToken)
    {
        IStreamEncryption? sealing = null;
        try
        {
            var output = Path.Combine(build.Claim.Directory, PreparedUpload.OutputNameOf(build.Upload.Id, ".zip"));
            Func<Stream>? openTarget = streams is null ? null
                : () => (sealing = streams.Begin(output, build.Original?.Length ?? build.Claim.SizeAtClaim, cancellationToken)).Input;
            var package = deidentifier.Build(build.Claim, build.Kind, openTarget, cancellationToken);
            return (package, package.Streamed ? sealing!.Complete() : null);
        }
        finally
        {
            sealing?.Dispose();
        }
    }

    private static ParallelOptions Options(int parallelism, CancellationToken cancellationToken) =>
        new() { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken };

    private static void Run(PackageBuild build, Action work)
    {
        try
        {
            work();
        }
        catch (Exception ex)
        {
            build.Error = ex;
        }
    }
}
