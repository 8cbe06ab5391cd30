using System.Security.Cryptography;

namespace DropBox.Daemon.Sync.Sftp;

/// <summary>What the pin said about the key a server presented.</summary>
/// <param name="Trusted">The key is pinned (and not revoked).</param>
/// <param name="Offered">The offered key's fingerprint as <c>ssh-keygen -l</c> prints it (<c>SHA256:…</c>).</param>
/// <param name="HostIsKnown">The pinned file has some key for this host (so a mismatch means a changed key).</param>
internal sealed record HostKeyVerdict(bool Trusted, string Offered, bool HostIsKnown);

/// <summary>
/// The host keys a target trusts: the keys its known_hosts file pins for host:port, and/or one configured
/// SHA-256 fingerprint. Nothing else is ever accepted — there is no "trust on first use".
/// </summary>
internal sealed class HostKeyPin
{
    private readonly IReadOnlyList<PinnedKey> _keys;
    private readonly string? _fingerprint;

    public HostKeyPin(IReadOnlyList<PinnedKey> keys, string? sha256Fingerprint)
    {
        _keys = keys;
        _fingerprint = sha256Fingerprint is null ? null : NormalizeFingerprint(sha256Fingerprint);
    }

    /// <summary>The key types pinned for the host (to offer the server only algorithms we can verify).</summary>
    public IReadOnlySet<string> PinnedTypes => _keys.Where(k => !k.Revoked).Select(k => k.Type).ToHashSet(StringComparer.Ordinal);

    /// <summary>True when a fingerprint is configured: then any key type may be negotiated.</summary>
    public bool HasFingerprint => _fingerprint is not null;

    public HostKeyVerdict Judge(byte[] blob)
    {
        var offered = Fingerprint(blob);
        var revoked = _keys.Any(k => k.Revoked && k.Blob.AsSpan().SequenceEqual(blob));
        var pinned = _keys.Any(k => !k.Revoked && k.Blob.AsSpan().SequenceEqual(blob))
            || (_fingerprint is not null && string.Equals(NormalizeFingerprint(offered), _fingerprint, StringComparison.Ordinal));
        return new HostKeyVerdict(pinned && !revoked, offered, _keys.Count > 0 || _fingerprint is not null);
    }

    /// <summary><c>SHA256:</c> plus unpadded base64 of the key blob's SHA-256, like OpenSSH prints it.</summary>
    public static string Fingerprint(byte[] blob) => "SHA256:" + Convert.ToBase64String(SHA256.HashData(blob)).TrimEnd('=');

    /// <summary>True for <c>SHA256:</c> followed by 43 base64 characters (optionally padded).</summary>
    public static bool IsFingerprint(string text)
    {
        var body = NormalizeFingerprint(text);
        if (!text.StartsWith("SHA256:", StringComparison.Ordinal) || body.Length != 43)
        {
            return false;
        }

        try
        {
            return Convert.FromBase64String(body + "=").Length == 32;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private static string NormalizeFingerprint(string text) =>
        (text.StartsWith("SHA256:", StringComparison.Ordinal) ? text[7..] : text).Trim().TrimEnd('=');
}
