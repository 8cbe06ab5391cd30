using System.ComponentModel;
using System.Diagnostics;
using System.Security.Cryptography;
using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Encrypt;

/// <summary>
/// ONE gpg process encrypting ONE plaintext stream that the caller writes as it makes it (a zip upload's package,
/// member by member): no plaintext package on disk. gpg's output is hashed while it is written to a private temp file
/// beside the output; <see cref="Complete"/> ends the input, waits for gpg, checks its status and the message's own
/// envelope as the batch runner does, fsyncs and renames the ciphertext into place. Disposed without completing, it
/// kills gpg and removes the partial ciphertext.
/// </summary>
internal sealed class GpgStreamSession : IStreamEncryption
{
    private const int ReadBufferBytes = 1 << 20;

    private readonly Process _process;
    private readonly PumpedWriteStream _input;
    private readonly Task<(long Length, string Sha256)> _ciphertext;
    private readonly Task<string> _standardError;
    private readonly CancellationToken _stop;
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenRegistration _killOnCancel;
    private readonly string _outputPath;
    private readonly string _partPath;
    private readonly IReadOnlyList<ReceiverKey> _recipients;
    private readonly ILogger _logger;
    private readonly Stopwatch _stopwatch = Stopwatch.StartNew();
    private bool _finished;

    private GpgStreamSession(Process process, string outputPath, IReadOnlyList<ReceiverKey> recipients, TimeSpan timeout, TimeProvider time,
        ILogger logger, CancellationToken cancellationToken)
    {
        _process = process;
        _outputPath = outputPath;
        _partPath = outputPath + ".part";
        _recipients = recipients;
        _logger = logger;
        _stop = cancellationToken;
        _timeout = new CancellationTokenSource(timeout, time);
        _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _timeout.Token);
        _killOnCancel = _deadline.Token.Register(Kill);
        PipeCapacity.TryWiden(process.StandardInput.BaseStream);
        PipeCapacity.TryWiden(process.StandardOutput.BaseStream);
        _ciphertext = Task.Run(() => ReadCiphertextAsync(process.StandardOutput.BaseStream));
        _standardError = process.StandardError.ReadToEndAsync(CancellationToken.None);
        _input = new PumpedWriteStream(process.StandardInput.BaseStream);
    }

    /// <summary>Where the caller writes the plaintext. Buffered: writing does not wait for gpg until 8 MiB are queued.</summary>
    public Stream Input => _input;

    /// <summary>Starts gpg for one message to every key of <paramref name="keys"/>.</summary>
    /// <param name="outputPath">The checked ciphertext's final path, in the private work area.</param>
    /// <param name="sizeHint">About how many bytes will be written (the upload's size): sets the timeout.</param>
    /// <exception cref="EncryptionException">gpg cannot be started.</exception>
    public static GpgStreamSession Start(EncryptOptions options, ImportedKeySet keys, IReadOnlyList<ReceiverKey> recipients, string outputPath,
        long sizeHint, TimeProvider time, ILogger logger, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.GpgPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var args = GpgEncryptArguments.For(options, keys, statusFd: 2);
        args.AddRange(["--output", "-", "--encrypt"]);
        args.ForEach(start.ArgumentList.Add);
        // GNUPGHOME would be ignored because of --homedir, but drop it so nothing can point gpg at a user keyring.
        start.Environment.Remove("GNUPGHOME");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            process.Dispose();
            throw new EncryptionException($"could not start gpg ('{options.GpgPath}'): {e.Message}: install GnuPG (apt-get install gnupg) or set Encrypt:GpgPath.", e);
        }
        Log.StreamStarting(logger, Path.GetFileName(outputPath), sizeHint, recipients.Count);
        return new GpgStreamSession(process, outputPath, recipients, options.TimeoutFor(sizeHint), time, logger, cancellationToken);
    }

    public EncryptedFile Complete()
    {
        ObjectDisposedException.ThrowIf(_finished, this);
        try
        {
            try
            {
                _input.Complete();
            }
            catch (IOException)
            {
                // gpg stopped reading: its exit code and status say why (below).
            }
            _process.WaitForExit();
            // Killed on a stop request or past its time: nothing it wrote counts.
            _stop.ThrowIfCancellationRequested();
            if (_timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"gpg did not finish {Path.GetFileName(_outputPath)} in time: it was stopped; the disk may be stalled.");
            }
            var (length, sha256) = _ciphertext.GetAwaiter().GetResult();
            var standardError = _standardError.GetAwaiter().GetResult();
            var problem = _process.ExitCode != 0 ? $"gpg exited with code {_process.ExitCode}" : null;
            problem ??= StatusProblem(GpgStatus.Parse(standardError));
            problem ??= length == 0 ? "gpg wrote no ciphertext" : null;
            var (envelope, envelopeProblem) = problem is null ? CiphertextCheck.Of(_partPath, _recipients) : (null, null);
            problem ??= envelopeProblem;
            LogStandardError(standardError);
            if (problem is not null)
            {
                throw new EncryptionException($"encryption of {Path.GetFileName(_outputPath)} failed: {problem}");
            }

            File.Move(_partPath, _outputPath, overwrite: true);
            PosixFiles.FsyncDirectory(Path.GetDirectoryName(_outputPath)!);
            _finished = true;
            Log.StreamFinished(_logger, Path.GetFileName(_outputPath), length, _stopwatch.ElapsedMilliseconds);
            return new EncryptedFile(_outputPath, length, sha256, _recipients.Select(r => r.Fingerprint!).ToList(), envelope!.RecipientKeyIds);
        }
        finally
        {
            if (!_finished)
            {
                Abandon();
            }
        }
    }

    /// <summary>Kills gpg (if it still runs) and removes the partial ciphertext, unless <see cref="Complete"/> succeeded.</summary>
    public void Dispose()
    {
        if (!_finished)
        {
            Abandon();
        }
        _killOnCancel.Dispose();
        _deadline.Dispose();
        _timeout.Dispose();
        _process.Dispose();
    }

    private static string? StatusProblem(GpgStatus status) =>
        status.InvalidRecipients.Count > 0
            ? "gpg refused receiver key(s): " + string.Join(", ", status.InvalidRecipients)
            : CiphertextCheck.StatusProblem(status.Files.GetValueOrDefault(GpgStatus.SingleStream));

    private void Abandon()
    {
        _finished = true;
        _input.Dispose();
        Kill();
        try
        {
            _process.WaitForExit(5000);
            _ciphertext.Wait(5000);
        }
        catch (Exception e) when (e is AggregateException or InvalidOperationException)
        {
            // The reader fails once gpg is killed; what matters is that the partial output goes.
        }
        GpgBatchRunner.DeleteQuietly(_partPath);
    }

    private void Kill()
    {
        try
        {
            _process.Kill();
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }

    private async Task<(long, string)> ReadCiphertextAsync(Stream standardOutput)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFiles.PrivateFileMode;
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[ReadBufferBytes];
        long length = 0;
        await using var file = new FileStream(_partPath, options);
        int read;
        while ((read = await standardOutput.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await file.WriteAsync(buffer.AsMemory(0, read)).ConfigureAwait(false);
            length += read;
        }
        file.Flush(flushToDisk: true);
        return (length, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private void LogStandardError(string standardError)
    {
        var human = string.Join('\n', standardError.Split('\n').Where(l => l.Length > 0 && !l.StartsWith("[GNUPG:]", StringComparison.Ordinal)));
        if (human.Length > 0)
        {
            Log.GpgStandardError(_logger, human);
        }
    }
}
