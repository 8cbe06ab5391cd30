using System.Collections.Concurrent;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Unpack;
using DropBox.Deidentify.Engine;
using DeidUploadContext = DropBox.Deidentify.Quarantine.UploadContext;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Deidentification;

/// <summary>
/// Drives the de-identification engine over one claimed upload and leaves one plaintext package in the
/// upload's private folder: <c>package.dcm</c> for a loose file, <c>package.zip</c> (members renamed by the
/// engine, never by their uploaded names) for an archive, streamed from the claimed zip by
/// <see cref="StreamingZipBuilder"/> (the unpacker's in/ and out/ folders only for a nested zip or a member too large
/// for memory). Every file the engine or the unpacker refuses goes to quarantine with its reason; the rest of the
/// upload still goes through.
/// </summary>
internal sealed class UploadDeidentifier(
    DeidEngine engine,
    ZipUnpacker unpacker,
    QuarantineStore quarantine,
    UnpackOptions unpackOptions,
    int parallelism)
{
    private readonly StreamingZipBuilder _streaming = new(engine, quarantine, unpackOptions, parallelism);

    /// <summary>
    /// Builds the package. A stop request (<paramref name="cancellationToken"/>) reaches the unpack and repack
    /// loops and stops between members; the partial plaintext (in/, out/, the half-written zip) is removed and
    /// <see cref="OperationCanceledException"/> thrown, so the journal's "claimed" row makes the next start do it again.
    /// </summary>
    /// <param name="upload">The claimed upload.</param>
    /// <param name="kind">What the inspector found it to be.</param>
    /// <param name="openZipTarget">For a zip that streams: where to write its package instead of package.zip (gpg's
    /// input; see <see cref="StreamingZipBuilder.TryBuild"/>); called at most once. The result says whether it was used.</param>
    /// <param name="cancellationToken">A stop request.</param>
    public PackageResult Build(ClaimedUpload upload, UploadKind kind, Func<Stream>? openZipTarget = null, CancellationToken cancellationToken = default)
    {
        var work = upload.Directory;
        var inDir = Path.Combine(work, "in");
        var outDir = Path.Combine(work, "out");
        // A resumed upload starts its plaintext from scratch: every step below is deterministic.
        foreach (var stale in new[] { inDir, outDir })
        {
            if (Directory.Exists(stale))
            {
                Directory.Delete(stale, recursive: true);
            }
        }
        // Members quarantined by an attempt that died before the journal recorded its outcome are quarantined
        // again below (from the same original, deterministically): drop the earlier items so each is there once.
        quarantine.PurgeItemsOf(upload.Sender, upload.UploadId);
        try
        {
            // A zip streams from the claimed file into the package; only a nested zip, a member too large for
            // memory, or a project with Clean Pixel Data (its decoder reads files) still goes through the unpacker's folders.
            if (kind == UploadKind.Zip && !engine.CleansPixelData && _streaming.TryBuild(upload, openZipTarget, cancellationToken) is { } streamed)
            {
                return streamed;
            }
            PrivateFiles.CreateDirectory(outDir);
            return kind switch
            {
                UploadKind.Zip => BuildZip(upload, inDir, outDir, cancellationToken),
                UploadKind.Dicom => BuildSingle(upload, outDir),
                _ => BuildOther(upload),
            };
        }
        catch (OperationCanceledException)
        {
            RemovePartialPackage(upload.Directory, inDir, outDir);
            throw;
        }
    }

    /// <summary>What a stopped build leaves: nothing but the original and what quarantine already holds (purged and
    /// redone from the original at the next attempt).</summary>
    private static void RemovePartialPackage(string work, string inDir, string outDir)
    {
        foreach (var folder in new[] { inDir, outDir })
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        File.Delete(Path.Combine(work, "package.zip.tmp"));
    }

    private PackageResult BuildSingle(ClaimedUpload upload, string outDir)
    {
        var result = engine.DeidentifyInto(upload.OriginalPath, outDir, new DeidUploadContext());
        CrashPoints.Hit("mid-package");
        if (!result.IsOk)
        {
            return new PackageResult(null, ".dcm", 0, 1, [], 0, new QuarantineReason(result.Reason!, result.Message ?? result.Reason!));
        }
        var package = Path.Combine(upload.Directory, "package.dcm");
        File.Move(result.OutputPath!, package, overwrite: true);
        return new PackageResult(package, ".dcm", 1, 0, [result.Pseudonym!], result.Actions, null);
    }

    /// <summary>A loose non-DICOM file, reached only when the project allows them (Unpack.AllowNonDicom): it is
    /// forwarded unchanged, encrypted like everything else, under a generated name.</summary>
    private static PackageResult BuildOther(ClaimedUpload upload)
    {
        var package = Path.Combine(upload.Directory, "package.bin");
        File.Copy(upload.OriginalPath, package, overwrite: true);
        return new PackageResult(package, ".bin", 1, 0, [], 0, null);
    }

    private PackageResult BuildZip(ClaimedUpload upload, string inDir, string outDir, CancellationToken cancellationToken)
    {
        PrivateFiles.CreateDirectory(inDir);
        var unpacked = unpacker.Unpack(upload.OriginalPath, inDir, unpackOptions, cancellationToken);
        if (!unpacked.IsOk)
        {
            return new PackageResult(null, ".zip", 0, 0, [], 0, unpacked.Refusal);
        }
        var quarantined = 0;
        foreach (var member in unpacked.SetAside)
        {
            quarantine.Put(upload.Sender, upload.UploadId, member.FullPath,
                new QuarantineReason(ReasonCatalog.NotDicom, $"archive member {member.EntryIndex} is not a DICOM file; non-DICOM files are not forwarded by this project"));
            CrashPoints.Hit("after-member-quarantined");
            quarantined++;
        }

        // One context per upload: it is what notices one Study Instance UID carrying two Patient IDs.
        var context = new DeidUploadContext();
        var results = new ConcurrentBag<(UnpackedMember Member, DeidResult Result)>();
        // Non-DICOM members are here only when the project allows them through: they travel unchanged.
        var included = unpacked.Members.Where(m => !m.IsDicom).Select(m => (Path: m.FullPath, EntryName: "other/" + m.FileName)).ToList();
        // The token stops the loop between members: the ones in flight finish, no new one starts.
        Parallel.ForEach(unpacked.Members.Where(m => m.IsDicom), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            member =>
            {
                results.Add((member, engine.DeidentifyInto(member.FullPath, outDir, context)));
                CrashPoints.Hit("mid-package");
            });

        var pseudonyms = new SortedSet<string>(StringComparer.Ordinal);
        var actions = 0;
        foreach (var (member, result) in results.OrderBy(r => r.Member.EntryIndex, StringComparer.Ordinal))
        {
            if (result.IsOk)
            {
                included.Add((result.OutputPath!, result.OutputName!));
                pseudonyms.Add(result.Pseudonym!);
                actions += result.Actions;
            }
            else
            {
                quarantine.Put(upload.Sender, upload.UploadId, member.FullPath,
                    new QuarantineReason(result.Reason!, $"archive member {member.EntryIndex}: {result.Message}"));
                quarantined++;
            }
        }
        if (included.Count == 0)
        {
            return new PackageResult(null, ".zip", 0, quarantined, [], 0,
                quarantined > 0 ? null : new QuarantineReason(ReasonCatalog.NotDicom, "the archive holds no DICOM file"));
        }
        var package = Path.Combine(upload.Directory, "package.zip");
        ZipRepacker.Pack(included.OrderBy(i => i.EntryName, StringComparer.Ordinal), package, cancellationToken: cancellationToken);
        return new PackageResult(package, ".zip", included.Count, quarantined, pseudonyms.ToList(), actions, null);
    }
}
