using System.Runtime.ExceptionServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Encrypt;

/// <summary>
/// Encrypts a batch with as many <c>gpg --multifile --encrypt</c> processes at once as there are cores
/// (<see cref="EncryptPlan"/>, <see cref="GpgBatchRunner"/>), to the receiver keys imported once into the daemon's
/// private gpg home (<see cref="ReceiverKeyring"/>), and checks every output before handing it back.
/// </summary>
/// <remarks>
/// Recipients are given as <c>-r FINGERPRINT</c> from a keyring that holds exactly the configured key files (keyed
/// by their SHA-256, checked at every start and reload), no longer as <c>--recipient-file</c>: gpg re-read the key
/// files for every input, and the import made the gpg step twice as fast (../shared/notes/measurements.md). The key
/// used is still exactly the configured file, checked just before by <see cref="GpgKeyInspector"/>: a keyring whose
/// key differs from the file's is never used.
/// </remarks>
internal sealed class GpgEncryptor : IEncryptor
{
    private readonly EncryptOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxProcesses;
    private readonly string _homeDirectory;
    private ReceiverKeyring? _keyring;

    /// <param name="options">The project's Encrypt options.</param>
    /// <param name="homeDirectory">The daemon's own gpg home, e.g. &lt;StateDirectory&gt;/gnupg; created 0700 if missing.</param>
    /// <param name="time">Clock for timeouts.</param>
    /// <param name="logger">Logger (no PHI is ever passed to it).</param>
    /// <param name="maxProcesses">gpg processes run at once for one batch: the core count (DropBoxOptions.EffectiveParallelism).</param>
    public GpgEncryptor(EncryptOptions options, string homeDirectory, TimeProvider time, ILogger<GpgEncryptor>? logger = null,
        int maxProcesses = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxProcesses, 1);
        _options = options;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? NullLogger<GpgEncryptor>.Instance;
        _maxProcesses = maxProcesses;
        _homeDirectory = homeDirectory;
    }

    /// <summary>Test seam: extra environment for the gpg children (e.g. a throwaway HOME, to prove no user keyring is touched).</summary>
    internal IReadOnlyDictionary<string, string>? Environment { get; init; }

    /// <summary>One per encryptor, that is per configuration: its checked key sets are remembered until the next reload.</summary>
    private ReceiverKeyring Keyring => _keyring ??= new ReceiverKeyring(_options, _homeDirectory, _time, _logger) { Environment = Environment };

    public async Task<IReadOnlyList<EncryptResult>> EncryptAsync(
        IReadOnlyList<EncryptJob> jobs, IReadOnlyList<ReceiverKey> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(recipients);
        CheckRecipients(recipients);
        CheckJobs(jobs);
        if (jobs.Count == 0)
        {
            return [];
        }

        var keys = await Keyring.PrepareAsync(recipients, cancellationToken).ConfigureAwait(false);
        var groups = EncryptPlan.Split(jobs.Select(j => File.Exists(j.InputPath) ? new FileInfo(j.InputPath).Length : 0).ToList(),
            _maxProcesses, _options.MaxFilesPerProcess);
        Log.BatchSplit(_logger, jobs.Count, Math.Min(groups.Count, _maxProcesses));
        var results = new EncryptResult[jobs.Count];
        var runner = new GpgBatchRunner(_options, _time, _logger, Environment);
        using var abandon = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var slots = new SemaphoreSlim(_maxProcesses);
        var runs = groups.Select(async group =>
        {
            await slots.WaitAsync(abandon.Token).ConfigureAwait(false);
            try
            {
                var done = await runner.RunAsync([.. group.Select(i => jobs[i])], keys, recipients, abandon.Token).ConfigureAwait(false);
                for (var k = 0; k < group.Length; k++)
                {
                    results[group[k]] = done[k];
                }
            }
            catch
            {
                // One process that cannot go on (cancelled, hung, key refused) stops the others: no partial batch.
                await abandon.CancelAsync().ConfigureAwait(false);
                throw;
            }
            finally
            {
                slots.Release();
            }
        }).ToList();

        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        catch (Exception)
        {
            foreach (var job in jobs)
            {
                GpgBatchRunner.DeleteQuietly(GpgBatchRunner.GpgOutputOf(job));
                GpgBatchRunner.DeleteQuietly(job.OutputPath);
            }

            cancellationToken.ThrowIfCancellationRequested();
            // The cause, not the cancellations it caused in the other processes.
            var cause = runs.Where(r => r.IsFaulted).Select(r => r.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException)
                ?? runs.First(r => r.IsFaulted || r.IsCanceled).Exception?.InnerException
                ?? new OperationCanceledException();
            ExceptionDispatchInfo.Throw(cause);
        }

        return results;
    }

    public async Task<IStreamEncryptor> PrepareStreamsAsync(IReadOnlyList<ReceiverKey> recipients, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        CheckRecipients(recipients);
        var keys = await Keyring.PrepareAsync(recipients, cancellationToken).ConfigureAwait(false);
        return new StreamStarter(this, keys, recipients);
    }

    /// <summary>The keys of one pass, ready: each message is one gpg process.</summary>
    private sealed class StreamStarter(GpgEncryptor owner, ImportedKeySet keys, IReadOnlyList<ReceiverKey> recipients) : IStreamEncryptor
    {
        public IStreamEncryption Begin(string outputPath, long sizeHint, CancellationToken cancellationToken)
        {
            if (!Path.IsPathFullyQualified(outputPath))
            {
                throw new ArgumentException($"the ciphertext's path must be an absolute work-area path: {outputPath}", nameof(outputPath));
            }
            return GpgStreamSession.Start(owner._options, keys, recipients, outputPath, sizeHint, owner._time, owner._logger, owner.Environment,
                cancellationToken);
        }
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
}
