using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace DropBox.Daemon.Platform;

/// <summary>One child program to run (gpg today, tesseract next): never through a shell.</summary>
/// <param name="FileName">The program, a path or a name looked up in PATH.</param>
/// <param name="Arguments">Passed one by one (ArgumentList): no quoting, no injection.</param>
/// <param name="Timeout">After this the whole process tree is killed and a <see cref="TimeoutException"/> thrown.</param>
internal sealed record ChildProcessRequest(string FileName, IReadOnlyList<string> Arguments, TimeSpan Timeout)
{
    /// <summary>Written to stdin, which is then closed; null closes it at once.</summary>
    public string? StandardInput { get; init; }

    /// <summary>Bytes written to stdin instead of <see cref="StandardInput"/> (e.g. an image piped to tesseract, so
    /// no plaintext file of it is ever written); stdin is then closed.</summary>
    public ReadOnlyMemory<byte>? StandardInputBytes { get; init; }

    /// <summary>Variables set for the child.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Variables of the daemon's environment the child must not inherit.</summary>
    public IReadOnlyList<string> RemovedEnvironment { get; init; } = [];

    /// <summary>What messages call the program, e.g. "gpg".</summary>
    public string DisplayName => Path.GetFileName(FileName);
}

/// <summary>What one child run produced: exit code, all of stdout, all of stderr.</summary>
internal sealed record ChildProcessResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>The program could not be started at all (missing, not executable).</summary>
internal sealed class ChildProcessStartException(string message, Exception inner) : IOException(message, inner);

/// <summary>
/// Runs a child program, feeds stdin, drains stdout and stderr concurrently (a full pipe would otherwise block
/// the child), and kills the whole process tree on timeout or cancellation.
/// </summary>
internal static class ChildProcessRunner
{
    /// <exception cref="ChildProcessStartException">The program could not be started.</exception>
    /// <exception cref="TimeoutException">It ran past <see cref="ChildProcessRequest.Timeout"/> and was killed.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled; the child was killed.</exception>
    public static async Task<ChildProcessResult> RunAsync(ChildProcessRequest request, TimeProvider time, CancellationToken cancellationToken)
    {
        using var process = new Process { StartInfo = StartInfo(request) };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ChildProcessStartException($"could not start {request.DisplayName} ('{request.FileName}'): {e.Message}", e);
        }

        using var timeoutSource = new CancellationTokenSource(request.Timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await using (process.StandardInput.ConfigureAwait(false))
            {
                if (request.StandardInputBytes is { } bytes)
                {
                    await process.StandardInput.BaseStream.WriteAsync(bytes, linked.Token).ConfigureAwait(false);
                }
                else if (request.StandardInput is not null)
                {
                    await process.StandardInput.WriteAsync(request.StandardInput.AsMemory(), linked.Token).ConfigureAwait(false);
                }
            }

            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || (e is IOException && linked.IsCancellationRequested))
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"{request.DisplayName} did not finish within {request.Timeout}: it was stopped; the disk may be stalled or {request.DisplayName} may be waiting for input.");
        }
        catch (IOException)
        {
            // The child closed stdin early (it failed before reading everything); its exit code and stderr tell why.
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }

        return new ChildProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    private static ProcessStartInfo StartInfo(ChildProcessRequest request)
    {
        var start = new ProcessStartInfo(request.FileName)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in request.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in request.RemovedEnvironment)
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in request.Environment)
        {
            start.Environment[name] = value;
        }

        return start;
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
