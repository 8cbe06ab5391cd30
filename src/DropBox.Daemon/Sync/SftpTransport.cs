using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace DropBox.Daemon.Sync;

/// <summary>
/// Drives OpenSSH's <c>sftp</c> in batch mode against a pinned host key (no SSH library needed; works with
/// SFTP-only accounts). Each operation is one <c>sftp</c> process over one connection; arguments go through
/// <see cref="ProcessStartInfo.ArgumentList"/> (no shell) and the batch through standard input.
/// </summary>
internal sealed partial class SftpTransport : ISyncTransport
{
    private readonly SyncTargetOptions _target;
    private readonly TimeSpan _connectTimeout;
    private readonly TimeSpan _ioTimeout;
    private readonly string _sftpPath;

    public SftpTransport(SyncTargetOptions target, TimeSpan connectTimeout, TimeSpan ioTimeout, string sftpPath = "sftp")
    {
        ArgumentNullException.ThrowIfNull(target);
        var problems = target.Validate("Target").ToList();
        if (problems.Count > 0 || !target.IsSftp)
        {
            throw new ArgumentException("invalid sftp target: " + string.Join("; ", problems), nameof(target));
        }

        _target = target;
        _connectTimeout = connectTimeout;
        _ioTimeout = ioTimeout;
        _sftpPath = sftpPath;
    }

    public string Description => _target.Describe();

    private string HostPort => $"{SyncTargetOptions.FormatHost(_target.Host!)}:{_target.Port}";

    public async Task<int> UploadAsync(IReadOnlyList<string> directories, IReadOnlyList<RemoteUpload> uploads, CancellationToken cancellationToken)
    {
        var batch = new SftpBatch();
        foreach (var directory in directories)
        {
            batch.Add("-mkdir", Remote(directory));
        }

        var firstPut = batch.Count;
        foreach (var upload in uploads)
        {
            // `put` truncates an existing file anyway; removing first also clears a stale temp left by a crash
            // that a smaller new upload would not fully overwrite on servers that do not truncate.
            batch.Add("-rm", Remote(upload.TempPath));
            batch.Add("put", upload.LocalPath, Remote(upload.TempPath));
        }

        var result = await RunAsync(batch, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return uploads.Count;
        }

        // sftp stops at the first failing `put`; every put echoed before the last echo line finished.
        var echoed = SftpBatch.SplitByCommand(result.Stdout).Count;
        var putsStarted = Math.Max(0, (echoed - firstPut + 1) / 2);
        var completed = Math.Clamp(putsStarted - 1, 0, uploads.Count);
        throw Classify(result, "uploading", completed);
    }

    public async Task<IReadOnlyDictionary<string, long>> GetSizesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            return new Dictionary<string, long>();
        }

        var batch = new SftpBatch();
        foreach (var path in paths)
        {
            batch.Add("-ls -ln", Remote(path));
        }

        var result = await RunAsync(batch, cancellationToken).ConfigureAwait(false);
        return ParseSizes(result, paths, offset: 0, "checking sizes");
    }

    public async Task<IReadOnlyDictionary<string, long>> RenameAsync(IReadOnlyList<RemoteRename> renames, CancellationToken cancellationToken)
    {
        if (renames.Count == 0)
        {
            return new Dictionary<string, long>();
        }

        var batch = new SftpBatch();
        foreach (var rename in renames)
        {
            // `rename -l` is the plain SFTP rename: OpenSSH's server links then unlinks, so it fails if the final
            // name exists (a free guard against overwriting). Plain `rename` uses posix-rename and replaces.
            batch.Add(rename.Replace ? "-rename" : "-rename -l", Remote(rename.TempPath), Remote(rename.FinalPath));
        }

        foreach (var rename in renames)
        {
            batch.Add("-ls -ln", Remote(rename.FinalPath));
        }

        var result = await RunAsync(batch, cancellationToken).ConfigureAwait(false);
        return ParseSizes(result, renames.Select(r => r.FinalPath).ToList(), offset: renames.Count, "renaming");
    }

    public async Task RemoveAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        if (paths.Count == 0)
        {
            return;
        }

        var batch = new SftpBatch();
        foreach (var path in paths)
        {
            batch.Add("-rm", Remote(path));
        }

        var result = await RunAsync(batch, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw Classify(result, "removing temp files", 0);
        }
    }

    private Dictionary<string, long> ParseSizes(SftpResult result, IReadOnlyList<string> paths, int offset, string what)
    {
        var outputs = SftpBatch.SplitByCommand(result.Stdout);

        // All commands are `-` (errors ignored), so a non-zero exit or a short echo means the session broke.
        if (result.ExitCode != 0 || outputs.Count < offset + paths.Count)
        {
            throw Classify(result, what, 0);
        }

        var sizes = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < paths.Count; i++)
        {
            var lines = outputs[offset + i];
            if (lines.Count == 1 && SftpBatch.TryParseListingSize(lines[0], out var size))
            {
                sizes[paths[i]] = size;
            }
        }

        return sizes;
    }

    private string Remote(string relative) => RemotePaths.Join(_target.RemoteDirectory!, relative);

    private async Task<SftpResult> RunAsync(SftpBatch batch, CancellationToken cancellationToken)
    {
        var aliveInterval = Math.Max(1, (int)(_ioTimeout.TotalSeconds / 4));
        var start = new ProcessStartInfo(_sftpPath)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] args =
        [
            "-b", "-",
            "-P", _target.Port.ToString(CultureInfo.InvariantCulture),
            "-i", _target.IdentityFile!,
            "-F", "/dev/null", // no user or system ssh_config: only what is configured here applies
            "-o", "BatchMode=yes",
            "-o", "IdentitiesOnly=yes",
            "-o", "StrictHostKeyChecking=yes",
            "-o", "UserKnownHostsFile=" + _target.KnownHostsFile,
            "-o", "GlobalKnownHostsFile=/dev/null",
            "-o", "UpdateHostKeys=no",
            "-o", "ConnectTimeout=" + Math.Max(1, (int)_connectTimeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-o", "ServerAliveInterval=" + aliveInterval.ToString(CultureInfo.InvariantCulture),
            "-o", "ServerAliveCountMax=4",
            "--", $"{_target.User}@{_target.Host}",
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new SyncTransportException($"Cannot run `{_sftpPath}` ({ex.Message}); install openssh-client.", ex) { Retryable = false };
        }

        using var kill = cancellationToken.Register(() => TryKill(process));
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.StandardInput.WriteAsync(batch.ToString()).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // sftp exited early (e.g. the connection failed); its stderr says why.
        }

        await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
        var result = new SftpResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
        cancellationToken.ThrowIfCancellationRequested();
        return result;
    }

    private static void TryKill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
    }

    private SyncTransportException Classify(SftpResult result, string what, int completed)
    {
        var err = result.Stderr;
        if (err.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", StringComparison.Ordinal)
            || err.Contains("host key is known for", StringComparison.Ordinal)
            || err.Contains("Host key verification failed", StringComparison.Ordinal))
        {
            var offered = FingerprintPattern().Match(err);
            var changed = err.Contains("HAS CHANGED", StringComparison.Ordinal) ? "does not match" : "is not in";
            throw new SyncHostKeyException(
                $"The far server {HostPort} presented a host key that {changed} the pinned file {_target.KnownHostsFile}; nothing was sent and the key was NOT accepted. "
                + $"Check {_target.KnownHostsFile}: get the server's key with `ssh-keyscan -p {_target.Port} {_target.Host}`, compare its fingerprint"
                + (offered.Success ? $" (offered: {offered.Value})" : string.Empty)
                + " with the far site's administrator out of band, and only then put that line in the file. A changed key can mean a reinstalled server — or someone intercepting the connection.");
        }

        if (err.Contains("Permission denied", StringComparison.Ordinal) && err.Contains("publickey", StringComparison.Ordinal))
        {
            return new SyncTransportException(
                $"The far server {HostPort} refused the login of {_target.User} with the key {_target.IdentityFile}; ask the far site to add the matching .pub to that account's authorized_keys.")
            { Retryable = false, CompletedUploads = completed };
        }

        var detail = string.Join(" | ", err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => !l.StartsWith("sftp>", StringComparison.Ordinal))
            .TakeLast(3)
            .Select(SyncErrors.RedactPaths));
        var hint = err.Contains("Connection refused", StringComparison.Ordinal) || err.Contains("timed out", StringComparison.Ordinal)
                || err.Contains("Connection closed", StringComparison.Ordinal) || err.Contains("Could not resolve", StringComparison.Ordinal)
                || err.Contains("No route", StringComparison.Ordinal) || err.Contains("Broken pipe", StringComparison.Ordinal)
            ? $"the far server {HostPort} could not be reached or dropped the connection; the next attempt retries"
            : $"check that {_target.RemoteDirectory} exists on {HostPort}, is writable by {_target.User}, and that its disk is not full";
        return new SyncTransportException($"sftp {what} at {HostPort} failed (exit {result.ExitCode}: {detail}); {hint}.")
        {
            CompletedUploads = completed,
        };
    }

    [GeneratedRegex("SHA256:[A-Za-z0-9+/=]+")]
    private static partial Regex FingerprintPattern();

    private sealed record SftpResult(int ExitCode, string Stdout, string Stderr);
}
