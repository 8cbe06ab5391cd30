using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Platform;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Unpack;
using DropBox.Deidentify.Engine;
using ICSharpCode.SharpZipLib.Zip;
using DeidUploadContext = DropBox.Deidentify.Quarantine.UploadContext;

namespace DropBox.Daemon.Deidentification;

/// <summary>
/// Builds a zip upload's package without an unpacked copy on disk: members are read from the claimed zip into
/// memory a window at a time, de-identified in parallel (memory to memory), and written into <c>package.zip</c> in
/// member order, so the plaintext is written once. A member that must be quarantined is the only thing written out
/// on its own (into the quarantine). Returns null, having left nothing behind, for an archive the unpacker must
/// carry instead: a nested zip, or a member too large to hold in memory. Given a stream target, the package goes
/// into that stream (gpg's input) instead of package.zip, and the plaintext is never written to disk at all.
/// </summary>
internal sealed class StreamingZipBuilder(DeidEngine engine, QuarantineStore quarantine, UnpackOptions unpackOptions, int parallelism)
{
    /// <summary>Most bytes of members read ahead into one window (the window's outputs are about as large again).</summary>
    private const long WindowBytes = 64L * 1024 * 1024;

    /// <param name="upload">The claimed zip.</param>
    /// <param name="openTarget">Null to write package.zip; else called once, when the archive is known to stream, for
    /// the stream to write the package into. The caller owns that stream: it is not closed here, and a result that is
    /// not <see cref="PackageResult.Streamed"/> means what was written into it must be thrown away.</param>
    /// <param name="cancellationToken">A stop request, checked between windows of members.</param>
    public PackageResult? TryBuild(ClaimedUpload upload, Func<Stream>? openTarget, CancellationToken cancellationToken)
    {
        var package = Path.Combine(upload.Directory, "package.zip");
        try
        {
            using var source = new ZipMemberSource(upload.OriginalPath, unpackOptions);
            if (!source.FitsInMemory)
            {
                return null;
            }
            using var writer = openTarget is null ? new ZipPackageWriter(package) : ZipPackageWriter.Into(openTarget());
            var run = new Run(upload, writer, quarantine, unpackOptions.AllowNonDicom, streamed: openTarget is not null);
            try
            {
                return Stream(source, run, cancellationToken) ? run.Finish() : FallBack(upload, writer, run);
            }
            catch
            {
                run.Discard();
                throw;
            }
        }
        catch (ZipRefusedException e)
        {
            return Refused(e.Code, e.Message);
        }
        catch (Exception e) when (e is ZipException or EndOfStreamException or InvalidDataException)
        {
            return Refused(ReasonCatalog.ZipCorrupt, $"The zip cannot be read ({e.GetType().Name}): corrupt or truncated.");
        }
    }

    /// <summary>Every member through, window by window; false at the first nested zip (nothing of it is kept).</summary>
    private bool Stream(ZipMemberSource source, Run run, CancellationToken cancellationToken)
    {
        foreach (var window in Windows(source.Members))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var contents = window.Select(m => source.Read(m, cancellationToken)).ToList();
            if (contents.Any(c => DicomSniffer.LooksLikeZip(c.AsSpan(0, Math.Min(c.Length, 8)))))
            {
                return false;
            }
            var outcomes = Deidentify(window, contents, run.Context, cancellationToken);
            for (var i = 0; i < window.Count; i++)
            {
                run.Take(window[i], contents[i], outcomes[i]);
            }
        }
        return true;
    }

    /// <summary>Leaves nothing of the streamed attempt: no temp zip, no member kept aside, no quarantine item.</summary>
    private PackageResult? FallBack(ClaimedUpload upload, ZipPackageWriter writer, Run run)
    {
        writer.Dispose();
        run.Discard();
        quarantine.PurgeItemsOf(upload.Sender, upload.UploadId);
        return null;
    }

    private static PackageResult Refused(string code, string message) =>
        new(null, ".zip", 0, 0, [], 0, new QuarantineReason(code, message));

    /// <summary>Consecutive members, at most 4 per worker and <see cref="WindowBytes"/> (at least one member).</summary>
    private IEnumerable<List<ZipMember>> Windows(IReadOnlyList<ZipMember> members)
    {
        var window = new List<ZipMember>();
        long bytes = 0;
        foreach (var member in members)
        {
            if (window.Count > 0 && (window.Count >= 4 * parallelism || bytes + member.Size > WindowBytes))
            {
                yield return window;
                window = [];
                bytes = 0;
            }
            window.Add(member);
            bytes += member.Size;
        }
        if (window.Count > 0)
        {
            yield return window;
        }
    }

    /// <summary>The DICOM members of a window, de-identified in parallel; null for a member that is not DICOM.</summary>
    private (DeidResult Result, MemoryStream Output)?[] Deidentify(List<ZipMember> window, List<byte[]> contents, DeidUploadContext context,
        CancellationToken cancellationToken)
    {
        var outcomes = new (DeidResult, MemoryStream)?[window.Count];
        Parallel.For(0, window.Count, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, i =>
        {
            if (!IsDicom(contents[i]))
            {
                return;
            }
            var output = new MemoryStream(contents[i].Length + 4096);
            using var input = new MemoryStream(contents[i], writable: false);
            outcomes[i] = (engine.DeidentifyStream(input, output, context), output);
            CrashPoints.Hit("mid-package");
        });
        return outcomes;
    }

    private static bool IsDicom(byte[] content)
    {
        var head = content.AsSpan(0, Math.Min(content.Length, DicomSniffer.HeadLength));
        return DicomSniffer.IsPart10(head) || DicomSniffer.IsPlausibleBareDataset(head, content.Length);
    }

    /// <summary>What one build has written and counted so far, member by member in member order.</summary>
    private sealed class Run(ClaimedUpload upload, ZipPackageWriter writer, QuarantineStore quarantine, bool allowNonDicom, bool streamed)
    {
        private readonly SortedSet<string> _pseudonyms = new(StringComparer.Ordinal);
        private readonly List<(string Path, string Code, string Message)> _toQuarantine = [];
        private readonly List<string> _kept = [];
        private int _actions;

        /// <summary>One context per upload: it is what notices one Study Instance UID carrying two Patient IDs.</summary>
        public DeidUploadContext Context { get; } = new();

        public void Take(ZipMember member, byte[] content, (DeidResult Result, MemoryStream Output)? outcome)
        {
            if (outcome is not { } done)
            {
                // Not DICOM: through unchanged when the project allows it, else kept aside for the quarantine.
                if (allowNonDicom)
                {
                    writer.Add($"other/m{member.Number:00000}.bin", content);
                }
                else
                {
                    _toQuarantine.Add((Keep(member, content, ".bin"), ReasonCatalog.NotDicom,
                        $"archive member {member.EntryIndex} is not a DICOM file; non-DICOM files are not forwarded by this project"));
                }
                return;
            }
            using var output = done.Output;
            if (!done.Result.IsOk)
            {
                _toQuarantine.Add((Keep(member, content, ".dcm"), done.Result.Reason!, $"archive member {member.EntryIndex}: {done.Result.Message}"));
                return;
            }
            writer.Add(writer.FreeName(done.Result.OutputName!), new ArraySegment<byte>(output.GetBuffer(), 0, (int)output.Length));
            _pseudonyms.Add(done.Result.Pseudonym!);
            _actions += done.Result.Actions;
        }

        public PackageResult Finish()
        {
            foreach (var (path, code, message) in _toQuarantine)
            {
                quarantine.Put(upload.Sender, upload.UploadId, path, new QuarantineReason(code, message));
                CrashPoints.Hit("after-member-quarantined");
            }
            var quarantined = _toQuarantine.Count;
            if (writer.Count == 0)
            {
                return new PackageResult(null, ".zip", 0, quarantined, [], 0,
                    quarantined > 0 ? null : new QuarantineReason(ReasonCatalog.NotDicom, "the archive holds no DICOM file"));
            }
            writer.Commit();
            return new PackageResult(streamed ? null : Path.Combine(upload.Directory, "package.zip"), ".zip", writer.Count, quarantined,
                _pseudonyms.ToList(), _actions, null) { Streamed = streamed };
        }

        /// <summary>The original bytes of a member going to quarantine, under a generated name in the private claim folder.</summary>
        private string Keep(ZipMember member, byte[] content, string extension)
        {
            var path = Path.Combine(upload.Directory, $"m{member.Number:00000}{extension}");
            _kept.Add(path);
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = PrivateFiles.PrivateFileMode;
            }
            using (var file = new FileStream(path, options))
            {
                file.Write(content);
            }
            return path;
        }

        /// <summary>Removes the members kept aside for the quarantine that did not get there.</summary>
        public void Discard()
        {
            foreach (var path in _kept)
            {
                File.Delete(path);
            }
        }
    }
}
