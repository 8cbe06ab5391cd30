using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Encrypt;

/// <summary>
/// gpg through the shared <see cref="ChildProcessRunner"/>, with gpg's own rules: GNUPGHOME is never inherited,
/// and a gpg that cannot start is an <see cref="EncryptionException"/> that says how to install it.
/// </summary>
internal static class GpgProcess
{
    public static async Task<ChildProcessResult> RunAsync(
        string gpgPath,
        IReadOnlyList<string> arguments,
        string? standardInput,
        TimeSpan timeout,
        TimeProvider time,
        CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var request = new ChildProcessRequest(gpgPath, arguments, timeout)
        {
            StandardInput = standardInput,
            // GNUPGHOME would be ignored because of --homedir, but drop it so nothing can point gpg at a user keyring.
            RemovedEnvironment = ["GNUPGHOME"],
            Environment = environment ?? new Dictionary<string, string>(),
        };
        try
        {
            return await ChildProcessRunner.RunAsync(request, time, cancellationToken).ConfigureAwait(false);
        }
        catch (ChildProcessStartException e)
        {
            throw new EncryptionException($"{e.Message}: install GnuPG (apt-get install gnupg) or set Encrypt:GpgPath.", e);
        }
    }
}
