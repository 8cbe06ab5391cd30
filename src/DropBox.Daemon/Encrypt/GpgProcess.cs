using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace DropBox.Daemon.Encrypt;

/// <summary>What one gpg run produced.</summary>
internal sealed record GpgRun(int ExitCode, string StandardOutput, string StandardError);

/// <summary>
/// Runs gpg without a shell (ArgumentList, so no quoting or injection), feeds stdin, drains stdout and
/// stderr concurrently (a full pipe would otherwise block gpg), and kills the whole process tree on
/// timeout or cancellation.
/// </summary>
internal static class GpgProcess
{
    public static async Task<GpgRun> RunAsync(
        string gpgPath,
        IReadOnlyList<string> arguments,
        string? standardInput,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo(gpgPath)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }

        // GNUPGHOME would be ignored because of --homedir, but drop it so nothing can point gpg at a user keyring.
        start.Environment.Remove("GNUPGHOME");
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new EncryptionException(
                $"could not start gpg ('{gpgPath}'): {e.Message}: install GnuPG (apt-get install gnupg) or set Encrypt:GpgPath.", e);
        }

        using var timeoutSource = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await using (process.StandardInput.ConfigureAwait(false))
            {
                if (standardInput is not null)
                {
                    await process.StandardInput.WriteAsync(standardInput.AsMemory(), linked.Token).ConfigureAwait(false);
                }
            }

            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException || (e is IOException && linked.IsCancellationRequested))
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            throw new TimeoutException($"gpg did not finish within {timeout}: it was stopped; the disk may be stalled or gpg may be waiting for input.");
        }
        catch (IOException)
        {
            // gpg closed stdin early (it failed before reading every name); its exit code and stderr tell why.
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
        }

        return new GpgRun(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
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
