using System.Net.Sockets;
using Renci.SshNet.Common;

namespace DropBox.Daemon.Sync.Sftp;

/// <summary>
/// Turns what SSH.NET throws into <see cref="SyncTransportException"/>s that say what happened and what to do:
/// refused login, host key, permission, missing directory, disk full at the far end, timeout, dropped link.
/// Server texts are stripped of paths (file names may identify people).
/// </summary>
internal sealed class SftpFailures(SyncTargetOptions target)
{
    private string HostPort => $"{SyncTargetOptions.FormatHost(target.Host!)}:{target.Port}";

    /// <summary>True for failures of the connection itself (the client must reconnect before the next operation).</summary>
    public static bool IsConnectionLoss(Exception ex) => ex is SshConnectionException or SshOperationTimeoutException
        or SocketException or ObjectDisposedException or IOException or ProxyException
        || (ex is SshException && ex is not SftpException && ex is not SshAuthenticationException);

    /// <summary>True for the exception types this class maps (everything SSH.NET and the socket layer throw).</summary>
    public static bool IsTransportFailure(Exception ex) => ex is SshException or SocketException or ObjectDisposedException or IOException or TimeoutException;

    public SyncTransportException LoginRefused(Exception ex) => new(
        $"The far server {HostPort} refused the login of {target.User} with the key {target.IdentityFile}; ask the far site to add the matching .pub to that account's authorized_keys.",
        ex)
    { Retryable = false };

    public SyncHostKeyException HostKeyRejected(HostKeyVerdict verdict, Exception? inner)
    {
        var changed = verdict.HostIsKnown ? "does not match" : "is not in";
        var pinnedIn = target.KnownHostsFile is { Length: > 0 } file ? $"the pinned file {file}" : "the pinned fingerprint HostKeySha256";
        var message =
            $"The far server {HostPort} presented a host key that {changed} {pinnedIn}; nothing was sent and the key was NOT accepted. "
            + $"Check {pinnedIn}: get the server's key with `ssh-keyscan -p {target.Port} {target.Host}`, compare its fingerprint (offered: {verdict.Offered}) "
            + "with the far site's administrator out of band, and only then put that line in the file. A changed key can mean a reinstalled server — or someone intercepting the connection.";
        return inner is null ? new SyncHostKeyException(message) : new SyncHostKeyException(message, inner);
    }

    public SyncTransportException IdentityUnusable(Exception ex) => new(
        $"The key file {target.IdentityFile} cannot be used to log in to {HostPort} ({ex.GetType().Name}: {SyncErrors.RedactPaths(ex.Message)}); it must be an unencrypted OpenSSH private key readable by the daemon.",
        ex)
    { Retryable = false };

    /// <summary>Maps a failure of <paramref name="what"/> (e.g. "uploading"); <paramref name="freeBytes"/> is the far
    /// directory's free space when it could be asked after a write failed.</summary>
    public SyncTransportException Map(Exception ex, string what, int completed = 0, long? freeBytes = null, long? needed = null)
    {
        var detail = $"{ex.GetType().Name}: {SyncErrors.RedactPaths(ex.Message)}";
        string hint;
        switch (ex)
        {
            case SshAuthenticationException:
                return LoginRefused(ex);
            case SshOperationTimeoutException or TimeoutException:
                hint = $"the far server {HostPort} did not answer in time (Sync.IoTimeout / Sync.ConnectTimeout); the next attempt retries";
                break;
            case SftpPermissionDeniedException:
                hint = $"permission denied: check that {target.RemoteDirectory} on {HostPort} is writable by {target.User}";
                break;
            case SftpPathNotFoundException:
                hint = $"a path is missing: check that {target.RemoteDirectory} exists on {HostPort} and is writable by {target.User}";
                break;
            case SftpException when freeBytes is { } free && needed is { } need && free < need:
                hint = $"the far end's disk is full ({free} bytes free in {target.RemoteDirectory} on {HostPort}); ask the far site to make room, the next attempt continues";
                break;
            case SftpException:
                hint = $"check that {target.RemoteDirectory} exists on {HostPort}, is writable by {target.User}, and that its disk is not full";
                break;
            default:
                hint = $"the far server {HostPort} could not be reached or dropped the connection; the next attempt retries";
                break;
        }

        return new SyncTransportException($"sftp {what} at {HostPort} failed ({detail}); {hint}.", ex) { CompletedUploads = completed };
    }
}
