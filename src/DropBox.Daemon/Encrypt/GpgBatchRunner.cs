using System.Diagnostics;
using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Encrypt;

/// <summary>
/// ONE <c>gpg --multifile --encrypt</c> process over a group of jobs (gpg start-up, ~13 ms, is paid once per group
/// instead of once per file), with the keys of an <see cref="ImportedKeySet"/>, and the check of every output
/// before it is handed back. A file that fails fails alone; a gpg that is cancelled or times out is killed and
/// every output of its group removed.
/// </summary>
internal sealed class GpgBatchRunner(
    EncryptOptions options, TimeProvider time, ILogger logger, IReadOnlyDictionary<string, string>? environment)
{
    public async Task<EncryptResult[]> RunAsync(
        EncryptJob[] jobs, ImportedKeySet keys, IReadOnlyList<ReceiverKey> recipients, CancellationToken cancellationToken)
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
            Log.BatchStarting(logger, toRun.Count, bytes, recipients.Count);
            var run = await RunGpgAsync(jobs, toRun, keys, bytes, cancellationToken).ConfigureAwait(false);
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
                Log.GpgStandardError(logger, run.StandardError.Trim());
            }

            Log.BatchFinished(logger, toRun.Count(i => results[i]!.Succeeded), toRun.Count(i => !results[i]!.Succeeded),
                stopwatch.ElapsedMilliseconds, run.ExitCode);
        }

        return results!;
    }

    private async Task<ChildProcessResult> RunGpgAsync(
        EncryptJob[] jobs, List<int> toRun, ImportedKeySet keys, long bytes, CancellationToken cancellationToken)
    {
        var args = GpgEncryptArguments.For(options, keys, statusFd: 1);
        args.Add("--multifile");
        args.Add("--encrypt");

        // Names on stdin, one per line: no argument-length limit however large the batch.
        var names = string.Concat(toRun.Select(i => jobs[i].InputPath + "\n"));
        try
        {
            return await GpgProcess.RunAsync(options.GpgPath, args, names, options.TimeoutFor(bytes), time, cancellationToken, environment)
                .ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or EncryptionException)
        {
            // The child is killed by now: remove whatever it had half written.
            Abandon(jobs, toRun, e is OperationCanceledException ? "stop requested" : e.Message, rethrow: false);
            throw;
        }
    }

    private EncryptResult Check(EncryptJob job, GpgStatus status, IReadOnlyList<ReceiverKey> recipients)
    {
        var gpgOutput = GpgOutputOf(job);
        try
        {
            if (CiphertextCheck.StatusProblem(status.Files.GetValueOrDefault(job.InputPath)) is { } statusProblem)
            {
                return Fail(job, statusProblem);
            }

            var info = new FileInfo(gpgOutput);
            if (!info.Exists || info.Length == 0)
            {
                return Fail(job, "gpg wrote no ciphertext");
            }

            var (envelope, problem) = CiphertextCheck.Of(gpgOutput, recipients);
            if (problem is not null)
            {
                return Fail(job, problem);
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
        Log.FileFailed(logger, job.InputPath, reason);
        return new EncryptResult(job, null, $"encryption of {job.InputPath} failed: {reason}");
    }

    private void Abandon(EncryptJob[] jobs, List<int> toRun, string reason, bool rethrow = true)
    {
        foreach (var i in toRun)
        {
            DeleteQuietly(GpgOutputOf(jobs[i]));
        }

        Log.BatchAbandoned(logger, toRun.Count, reason);
        if (rethrow)
        {
            throw new EncryptionException("nothing encrypted: " + reason + ": check the receiver key files with dropbox check.");
        }
    }

    internal static string GpgOutputOf(EncryptJob job) => job.InputPath + ".gpg";

    internal static void DeleteQuietly(string path)
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
