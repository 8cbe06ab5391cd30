namespace DropBox.Daemon.Encrypt;

/// <summary>
/// What every ciphertext must show before it is handed on, read from its own first packets (not only from what gpg
/// said): an integrity-protected data packet, and a session key for every receiver's encryption subkey.
/// </summary>
internal static class CiphertextCheck
{
    /// <summary>The envelope read, and null or the reason this ciphertext must not be used.</summary>
    public static (OpenPgpEnvelope Envelope, string? Problem) Of(string path, IReadOnlyList<ReceiverKey> recipients)
    {
        var envelope = OpenPgpEnvelope.Read(path);
        if (envelope.DataPacket is not (OpenPgpDataPacket.IntegrityProtected or OpenPgpDataPacket.Aead))
        {
            return (envelope, $"ciphertext has no integrity-protected data packet ({envelope.DataPacket})");
        }

        var missing = recipients.Where(r => !r.EncryptionSubkeys.Any(k => envelope.RecipientKeyIds.Contains(k.KeyId, StringComparer.OrdinalIgnoreCase))).ToList();
        return missing.Count > 0
            ? (envelope, "ciphertext is not encrypted to " + string.Join(", ", missing.Select(m => m.Fingerprint)))
            : (envelope, null);
    }

    /// <summary>gpg's own account of one message: AES-256 with integrity protection, to the end.</summary>
    public static string? StatusProblem(GpgFileStatus? status) =>
        status is null ? "gpg did not process it"
        : status.IsComplete ? null
        : $"gpg did not finish it with AES-256 and integrity protection (mdc {status.IntegrityMethod}, cipher {status.CipherAlgorithm}, ended {status.Ended})";
}
