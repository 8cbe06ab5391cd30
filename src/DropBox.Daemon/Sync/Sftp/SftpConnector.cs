using Renci.SshNet;
using Renci.SshNet.Common;

namespace DropBox.Daemon.Sync.Sftp;

/// <summary>
/// Opens the one SSH connection of a run: the configured key only (no agent, no ssh_config), the host key
/// checked against the pin before authentication, keep-alives every quarter of <c>Sync.IoTimeout</c> and every
/// request bounded by it, the connection attempt bounded by <c>Sync.ConnectTimeout</c>.
/// </summary>
internal sealed class SftpConnector(SyncTargetOptions target, TimeSpan connectTimeout, TimeSpan ioTimeout)
{
    private readonly SftpFailures _failures = new(target);

    public async Task<SftpClient> ConnectAsync(CancellationToken cancellationToken)
    {
        var pin = LoadPin();
        PrivateKeyFile key;
        try
        {
            key = new PrivateKeyFile(target.IdentityFile!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SshException or ArgumentException or InvalidOperationException or NotSupportedException)
        {
            throw _failures.IdentityUnusable(ex);
        }

        var info = new ConnectionInfo(target.Host!, target.Port, target.User!, new PrivateKeyAuthenticationMethod(target.User!, key))
        {
            Timeout = connectTimeout,
        };
        OfferOnlyPinnedKeyTypes(info, pin);

        var client = new SftpClient(info)
        {
            KeepAliveInterval = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerSecond, ioTimeout.Ticks / 4)),
            OperationTimeout = ioTimeout,
        };
        HostKeyVerdict? rejected = null;
        client.HostKeyReceived += (_, e) =>
        {
            var verdict = pin.Judge(e.HostKey);
            e.CanTrust = verdict.Trusted;
            rejected = verdict.Trusted ? null : verdict;
        };

        try
        {
            await client.ConnectAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch (Exception ex) when (rejected is not null && ex is SshException)
        {
            client.Dispose();
            throw _failures.HostKeyRejected(rejected, ex);
        }
        catch (Exception ex) when (SftpFailures.IsTransportFailure(ex))
        {
            client.Dispose();
            throw _failures.Map(ex, "connecting");
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private HostKeyPin LoadPin()
    {
        IReadOnlyList<PinnedKey> keys = [];
        if (!string.IsNullOrWhiteSpace(target.KnownHostsFile))
        {
            try
            {
                keys = KnownHosts.KeysFor(target.KnownHostsFile, target.Host!, target.Port);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new SyncTransportException($"The pinned known_hosts file {target.KnownHostsFile} cannot be read ({ex.GetType().Name}); nothing was sent.", ex) { Retryable = false };
            }
        }

        return new HostKeyPin(keys, string.IsNullOrWhiteSpace(target.HostKeySha256) ? null : target.HostKeySha256);
    }

    // Offering only the pinned key types makes a server with several host keys present the pinned one
    // (as OpenSSH's client does with known keys); with a fingerprint pin any type may be negotiated.
    private static void OfferOnlyPinnedKeyTypes(ConnectionInfo info, HostKeyPin pin)
    {
        var types = pin.PinnedTypes;
        if (pin.HasFingerprint || types.Count == 0)
        {
            return;
        }

        var allowed = info.HostKeyAlgorithms.Keys.Where(name => types.Contains(KeyTypeOf(name))).ToHashSet(StringComparer.Ordinal);
        if (allowed.Count == 0)
        {
            return; // nothing we speak is pinned: negotiate anything, the pin refuses it with a clear message
        }

        foreach (var name in info.HostKeyAlgorithms.Keys.Where(n => !allowed.Contains(n)).ToList())
        {
            info.HostKeyAlgorithms.Remove(name);
        }
    }

    // Signature algorithms over RSA keys are named rsa-sha2-*; certificates are never used.
    private static string KeyTypeOf(string algorithm) =>
        algorithm.Contains("-cert-", StringComparison.Ordinal) ? algorithm
        : algorithm.StartsWith("rsa-sha2-", StringComparison.Ordinal) ? "ssh-rsa"
        : algorithm;
}
