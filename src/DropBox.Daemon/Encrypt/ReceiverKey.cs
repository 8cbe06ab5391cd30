namespace DropBox.Daemon.Encrypt;

/// <summary>
/// What a receiver's public key file holds, as gpg sees it, and every reason it cannot be used.
/// The user id is staff identity (the receiving researcher), not patient data, so it may be logged.
/// </summary>
/// <param name="KeyFile">The key file as configured (a config path, never PHI).</param>
/// <param name="Fingerprint">Primary key fingerprint (40 hex digits), or null when the file holds no readable key.</param>
/// <param name="UserId">First user id of the key, or null.</param>
/// <param name="Algorithm">Primary key algorithm, e.g. "rsa4096" or "ed25519".</param>
/// <param name="EncryptionSubkeys">Keys usable for encryption now (capability e, not expired, not revoked).</param>
/// <param name="Problems">Plain-language problems, each saying what to do; empty when the key is usable.</param>
internal sealed record ReceiverKey(
    string KeyFile,
    string? Fingerprint,
    string? UserId,
    string? Algorithm,
    IReadOnlyList<EncryptionSubkey> EncryptionSubkeys,
    IReadOnlyList<string> Problems)
{
    /// <summary>True when the key can be given to gpg as a recipient.</summary>
    public bool IsUsable => Problems.Count == 0 && EncryptionSubkeys.Count > 0;

    internal static ReceiverKey Unusable(string keyFile, string problem) =>
        new(keyFile, null, null, null, [], [problem]);
}

/// <summary>A (sub)key that can encrypt.</summary>
/// <param name="Fingerprint">Its fingerprint (40 hex digits).</param>
/// <param name="KeyId">Its 16-hex-digit key id: what a public-key encrypted session key packet names.</param>
/// <param name="Algorithm">e.g. "rsa3072" or "cv25519".</param>
/// <param name="Expires">When it expires, or null for never.</param>
internal sealed record EncryptionSubkey(string Fingerprint, string KeyId, string Algorithm, DateTimeOffset? Expires);
