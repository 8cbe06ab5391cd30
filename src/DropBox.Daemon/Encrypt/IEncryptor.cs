namespace DropBox.Daemon.Encrypt;

/// <summary>
/// Encrypts plaintext files for a project's receivers. The one seam of this stage: the pipeline depends on
/// it, <see cref="GpgEncryptor"/> is the real thing.
/// </summary>
internal interface IEncryptor
{
    /// <summary>
    /// Encrypts every job to all <paramref name="recipients"/> (each must be <see cref="ReceiverKey.IsUsable"/>).
    /// Returns one result per job, in order: a job fails alone (its partial output removed) while the others
    /// succeed. Throws <see cref="EncryptionException"/> when nothing can be encrypted (gpg missing, a
    /// recipient unusable), <see cref="TimeoutException"/> on a hung gpg, and
    /// <see cref="OperationCanceledException"/> on cancellation; in those cases no output of the batch is left.
    /// </summary>
    Task<IReadOnlyList<EncryptResult>> EncryptAsync(
        IReadOnlyList<EncryptJob> jobs, IReadOnlyList<ReceiverKey> recipients, CancellationToken cancellationToken);
}

/// <summary>
/// One file to encrypt. Both paths lie in the private work area and are named by upload id, never by an
/// uploaded file's name. gpg first writes <c>InputPath + ".gpg"</c>; when checked it is moved to
/// <paramref name="OutputPath"/> (replacing a stale one from an interrupted run). Publishing into the outbox
/// is a separate step (<c>Outbox.OutboxPublisher</c>), after the journal has recorded the output's hash.
/// </summary>
internal sealed record EncryptJob(string InputPath, string OutputPath);

/// <summary>A checked ciphertext: on disk (fsynced) at <paramref name="Path"/>.</summary>
/// <param name="Path">Where it is (the job's OutputPath).</param>
/// <param name="Length">Bytes.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the ciphertext (for the journal and the outbox publisher).</param>
/// <param name="RecipientFingerprints">Primary fingerprints of the receivers it is encrypted to.</param>
/// <param name="RecipientKeyIds">Key ids named by its session-key packets (the receivers' encryption subkeys).</param>
internal sealed record EncryptedFile(
    string Path, long Length, string Sha256, IReadOnlyList<string> RecipientFingerprints, IReadOnlyList<string> RecipientKeyIds);

/// <summary>Outcome of one job: <see cref="Output"/> on success, else <see cref="Error"/> (no PHI: work-area paths only).</summary>
internal sealed record EncryptResult(EncryptJob Job, EncryptedFile? Output, string? Error)
{
    public bool Succeeded => Output is not null;
}
