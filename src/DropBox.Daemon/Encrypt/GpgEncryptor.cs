using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Encrypt;

/// <summary>
/// Encrypts batches with ONE <c>gpg --multifile --encrypt</c> process (gpg start-up, ~13 ms, is paid once per
/// batch instead of once per file) and checks every output before handing it back.
/// </summary>
/// <remarks>
/// Recipients are passed with <c>--recipient-file</c>, not imported. Measured here (200 files × 300 KB, two
/// recipients): 1.38 s with --recipient-file versus 0.50 s with the keys imported into the private home and
/// <c>-r FINGERPRINT</c>, because gpg re-reads the key files for every input. We still choose
/// --recipient-file: ~145 files/s is far above what arrives over SFTP, the home directory holds no keyring
/// that could go stale when a receiver replaces a key file (or be locked by two projects at once), and the
/// key used is always exactly the configured file, checked just before by <see cref="GpgKeyInspector"/>.
/// </remarks>
internal sealed class GpgEncryptor : IEncryptor
{
    private readonly EncryptOptions _options;
    private readonly string _homeDirectory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="options">The project's Encrypt options.</param>
    /// <param name="homeDirectory">The daemon's own gpg home, e.g. &lt;StateDirectory&gt;/gnupg; created 0700 if missing.</param>
    /// <param name="time">Clock for timeouts.</param>
    /// <param name="logger">Logger (no PHI is ever passed to it).</param>
    public GpgEncryptor(EncryptOptions options, string homeDirectory, TimeProvider time, ILogger<GpgEncryptor>? logger = null)
    {
        _options = options;
        _homeDirectory = homeDirectory;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? NullLogger<GpgEncryptor>.Instance;
    }

    /// <summary>Test seam: extra environment for the gpg child (e.g. a throwaway HOME, to prove no user keyring is touched).</summary>
    internal IReadOnlyDictionary<string, string>? Environment { get; init; }

    public async Task<IReadOnlyList<EncryptResult>> EncryptAsync(
        IReadOnlyList<EncryptJob> jobs, IReadOnlyList<ReceiverKey> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(recipients);
        CheckRecipients(recipients);
        CheckJobs(jobs);
        var results = new List<EncryptResult>(jobs.Count);
        foreach (var chunk in jobs.Chunk(_options.MaxFilesPerProcess))
        {
            results.AddRange(await EncryptBatchAsync(chunk, recipients, cancellationToken).ConfigureAwait(false));
        }

        return results;
    }

    private void CheckRecipients(IReadOnlyList<ReceiverKey> recipients)
    {
        if (recipients.Count == 0)
        {
            throw new EncryptionException("no receiver key is configured: add the receiver's public key file to the project's ReceiverKeys.");
        }

        var problems = recipients.SelectMany(r => r.IsUsable ? [] : r.Problems.DefaultIfEmpty($"key file {r.KeyFile} has no usable encryption key")).ToList();
        foreach (var p in problems)
        {
            Log.KeyRefused(_logger, p);
        }

        if (problems.Count > 0)
        {
            throw new EncryptionException("nothing encrypted, a receiver key is unusable: " + string.Join(" | ", problems));
        }
    }

    private static void CheckJobs(IReadOnlyList<EncryptJob> jobs)
    {
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        var outputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            // Names go to gpg one per line on stdin, so a line break would split one name into two.
            if (job.InputPath.AsSpan().IndexOfAny('\n', '\r') >= 0 || !Path.IsPathFullyQualified(job.InputPath) || !Path.IsPathFullyQualified(job.OutputPath))
            {
                throw new ArgumentException($"encrypt job paths must be absolute work-area paths without line breaks: {job.InputPath}", nameof(jobs));
            }

            if (!inputs.Add(job.InputPath) || !outputs.Add(job.OutputPath))
            {
                throw new ArgumentException($"the same path appears twice in one encrypt batch: {job.InputPath}", nameof(jobs));
            }
        }
    }

    private async Task<IEnumerable<EncryptResult>> EncryptBatchAsync(
        EncryptJob[] jobs, IReadOnlyList<ReceiverKey> recipients, CancellationToken cancellationToken)
    {
        var results = new EncryptResult?[jobs.Length];
        var toRun = new List<int>();
        long bytes = 0;
        for (var i = 0; i < jobs.Length; i++)
        {
            DeleteQuietly(GpgOutputOf(jobs[i]));   // a stale one from an interrupted run must not pass as new
            if (File.Exists(jobs[i].InputPath))
            {
                toRun.Add(i);
                bytes += new FileInfo(jobs[i].InputPath).Length;
            }
            else
            {
                results[i] = Fail(jobs[i], "input file is missing from the work area");
            }
        }

        if (toRun.Count > 0)
        {
            var stopwatch = Stopwatch.StartNew();
            Log.BatchStarting(_logger, toRun.Count, bytes, recipients.Count);
            var run = await RunGpgAsync(jobs, toRun, recipients, bytes, cancellationToken).ConfigureAwait(false);
            var status = GpgStatus.Parse(run.StandardOutput);
            if (status.InvalidRecipients.Count > 0)
            {
                Abandon(jobs, toRun, "gpg refused receiver key(s): " + string.Join(", ", status.InvalidRecipients));
            }

            foreach (var i in toRun)
            {
                results[i] = Check(jobs[i], status, recipients);
            }

            if (run.StandardError.Length > 0)
            {
                Log.GpgStandardError(_logger, run.StandardError.Trim());
            }

            Log.BatchFinished(_logger, toRun.Count(i => results[i]!.Succeeded), toRun.Count(i => !results[i]!.Succeeded),
                stopwatch.ElapsedMilliseconds, run.ExitCode);
        }

        return results!;
    }

    private async Task<ChildProcessResult> RunGpgAsync(
        EncryptJob[] jobs, List<int> toRun, IReadOnlyList<ReceiverKey> recipients, long bytes, CancellationToken cancellationToken)
    {
        var args = new List<string>
        {
            "--homedir", GpgHomeDirectory.Ensure(_homeDirectory),
            "--batch", "--yes", "--no-tty", "--no-autostart", "--status-fd", "1",
            "--trust-model", "always",         // the key files are the trust decision, made by the admin
            "--cipher-algo", "AES256",         // forced, whatever the receiver's preferences say
            "--force-mdc",                     // integrity protection (always on in gpg 2.2; checked per file below)
        };
        args.AddRange(_options.Compress
            ? ["--compress-algo", "zlib", "--compress-level", EncryptOptions.CompressLevel.ToString(System.Globalization.CultureInfo.InvariantCulture)]
            : ["--compress-algo", "none"]);
        foreach (var r in recipients)
        {
            args.Add("--recipient-file");
            args.Add(Path.GetFullPath(r.KeyFile));
        }

        args.Add("--multifile");
        args.Add("--encrypt");

        // Names on stdin, one per line: no argument-length limit however large the batch.
        var names = string.Concat(toRun.Select(i => jobs[i].InputPath + "\n"));
        try
        {
            return await GpgProcess.RunAsync(_options.GpgPath, args, names, _options.TimeoutFor(bytes), _time, cancellationToken, Environment)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or EncryptionException)
        {
            Abandon(jobs, toRun, e.Message, rethrow: false);
            throw;
        }
    }

    private EncryptResult Check(EncryptJob job, GpgStatus status, IReadOnlyList<ReceiverKey> recipients)
    {
        var gpgOutput = GpgOutputOf(job);
        try
        {
            if (!status.Files.TryGetValue(job.InputPath, out var fileStatus) || !fileStatus.IsComplete)
            {
                return Fail(job, fileStatus is null
                    ? "gpg did not process it"
                    : $"gpg did not finish it with AES-256 and integrity protection (mdc {fileStatus.IntegrityMethod}, cipher {fileStatus.CipherAlgorithm}, ended {fileStatus.Ended})");
            }

            var info = new FileInfo(gpgOutput);
            if (!info.Exists || info.Length == 0)
            {
                return Fail(job, "gpg wrote no ciphertext");
            }

            var envelope = OpenPgpEnvelope.Read(gpgOutput);
            if (envelope.DataPacket is not (OpenPgpDataPacket.IntegrityProtected or OpenPgpDataPacket.Aead))
            {
                return Fail(job, $"ciphertext has no integrity-protected data packet ({envelope.DataPacket})");
            }

            var missing = recipients.Where(r => !r.EncryptionSubkeys.Any(k => envelope.RecipientKeyIds.Contains(k.KeyId, StringComparer.OrdinalIgnoreCase))).ToList();
            if (missing.Count > 0)
            {
                return Fail(job, "ciphertext is not encrypted to " + string.Join(", ", missing.Select(m => m.Fingerprint)));
            }

            Directory.CreateDirectory(Path.GetDirectoryName(job.OutputPath)!);
            File.Move(gpgOutput, job.OutputPath, overwrite: true);
            var (length, sha256) = FileHash.Sha256AndFlush(job.OutputPath);
            return new EncryptResult(job, new EncryptedFile(job.OutputPath, length, sha256,
                recipients.Select(r => r.Fingerprint!).ToList(), envelope.RecipientKeyIds), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            DeleteQuietly(job.OutputPath);
            return Fail(job, $"could not check or move the ciphertext: {e.Message}");
        }
    }

    private EncryptResult Fail(EncryptJob job, string reason)
    {
        DeleteQuietly(GpgOutputOf(job));
        Log.FileFailed(_logger, job.InputPath, reason);
        return new EncryptResult(job, null, $"encryption of {job.InputPath} failed: {reason}");
    }

    private void Abandon(EncryptJob[] jobs, List<int> toRun, string reason, bool rethrow = true)
    {
        foreach (var i in toRun)
        {
            DeleteQuietly(GpgOutputOf(jobs[i]));
        }

        Log.BatchAbandoned(_logger, toRun.Count, reason);
        if (rethrow)
        {
            throw new EncryptionException("nothing encrypted: " + reason + ": check the receiver key files with dropbox check.");
        }
    }

    private static string GpgOutputOf(EncryptJob job) => job.InputPath + ".gpg";

    private static void DeleteQuietly(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: the next run deletes it before encrypting again.
        }
    }
}
