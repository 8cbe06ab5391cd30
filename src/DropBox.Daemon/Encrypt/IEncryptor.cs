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

    /// <summary>
    /// Makes the <paramref name="recipients"/>' keys ready (checked and imported once, as for a batch) for messages
    /// written as they are made, one gpg process each (<see cref="IStreamEncryptor.Begin"/>).
    /// </summary>
    /// <exception cref="EncryptionException">A recipient is unusable or its keyring cannot be prepared.</exception>
    Task<IStreamEncryptor> PrepareStreamsAsync(IReadOnlyList<ReceiverKey> recipients, CancellationToken cancellationToken);
}

/// <summary>Starts one message written as it is made, to the recipients it was prepared for.</summary>
internal interface IStreamEncryptor
{
    /// <param name="outputPath">The ciphertext's path in the private work area, named by upload id.</param>
    /// <param name="sizeHint">About how many plaintext bytes will come (sets the time allowed).</param>
    /// <param name="cancellationToken">A stop request: kills gpg; the partial output is removed.</param>
    IStreamEncryption Begin(string outputPath, long sizeHint, CancellationToken cancellationToken);
}

/// <summary>
/// One message being encrypted: write the plaintext to <see cref="Input"/>, then <see cref="Complete"/>. Disposing
/// without completing abandons it: gpg is stopped and no ciphertext is left.
/// </summary>
internal interface IStreamEncryption : IDisposable
{
    Stream Input { get; }

    /// <summary>Ends the input and returns the checked, fsynced ciphertext at the output path.</summary>
    /// <exception cref="EncryptionException">gpg failed or its output is not acceptable (nothing is left).</exception>
    /// <exception cref="TimeoutException">gpg ran past its time and was stopped.</exception>
    /// <exception cref="OperationCanceledException">A stop was requested.</exception>
    EncryptedFile Complete();
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
