namespace DropBox.Daemon.Encrypt;

/// <summary>
/// Checks a receiver's public key file the way gpg will read it at encryption time
/// (<c>gpg --show-keys --with-colons</c>, in a throwaway empty home directory, so nothing is imported
/// anywhere) and reports every problem in plain words. Used at start, by <c>dropbox check</c> and before
/// each encryption batch.
/// </summary>
internal sealed class GpgKeyInspector(EncryptOptions options, TimeProvider time)
{
    /// <summary>Test seam: extra environment for the gpg child (e.g. a throwaway HOME, to prove no user keyring is touched).</summary>
    internal IReadOnlyDictionary<string, string>? Environment { get; init; }

    public async Task<IReadOnlyList<ReceiverKey>> InspectAllAsync(IEnumerable<string> keyFiles, CancellationToken cancellationToken)
    {
        var keys = new List<ReceiverKey>();
        foreach (var file in keyFiles)
        {
            keys.Add(await InspectAsync(file, cancellationToken).ConfigureAwait(false));
        }

        return keys;
    }

    public async Task<ReceiverKey> InspectAsync(string keyFile, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(keyFile);
        if (FileProblem(keyFile, path) is { } problem)
        {
            return ReceiverKey.Unusable(keyFile, problem);
        }

        var home = GpgHomeDirectory.CreateThrowaway();
        try
        {
            // --no-autostart: a secret key in the file would otherwise start a gpg-agent for the throwaway home.
            string[] args =
            [
                "--homedir", home, "--no-autostart", "--batch", "--no-tty",
                "--with-colons", "--fixed-list-mode", "--show-keys", "--", path,
            ];
            var run = await GpgProcess.RunAsync(options.GpgPath, args, null, options.MinimumTimeout, time, cancellationToken, Environment)
                .ConfigureAwait(false);
            var key = GpgKeyListing.Parse(keyFile, run.StandardOutput, time.GetUtcNow());
            if (run.ExitCode != 0 && key.Fingerprint is null)
            {
                var reason = FirstLine(run.StandardError);
                return ReceiverKey.Unusable(keyFile,
                    $"key file {keyFile} is not an OpenPGP public key (gpg: {reason}): ask the receiver for the output of gpg --armor --export KEYID.");
            }

            return key;
        }
        catch (TimeoutException e)
        {
            return ReceiverKey.Unusable(keyFile, $"key file {keyFile} could not be checked: {e.Message}");
        }
        finally
        {
            GpgHomeDirectory.TryDelete(home);
        }
    }

    private static string? FileProblem(string keyFile, string path)
    {
        if (Directory.Exists(path))
        {
            return $"key file {keyFile} is a folder: give the path of the receiver's public key file.";
        }

        if (!File.Exists(path))
        {
            return $"key file {keyFile} not found: copy the receiver's public key there or correct ReceiverKeys.";
        }

        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            if (stream.Length == 0)
            {
                return $"key file {keyFile} is empty: not an OpenPGP public key; ask the receiver for the output of gpg --armor --export KEYID.";
            }
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return $"key file {keyFile} is unreadable ({e.GetType().Name}): make it readable by the daemon's user (e.g. chmod 0644).";
        }

        return null;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault(l => !l.Contains("keybox", StringComparison.Ordinal) && !l.Contains("trustdb", StringComparison.Ordinal));
        return (line ?? "no key found").Replace("gpg: ", "", StringComparison.Ordinal);
    }
}
