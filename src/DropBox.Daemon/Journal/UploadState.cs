namespace DropBox.Daemon.Journal;

/// <summary>
/// Where an upload is. Each transition is written before the next step starts, so after a crash the daemon
/// resumes from the last recorded state, and every step is safe to repeat.
/// </summary>
internal enum UploadState
{
    /// <summary>
    /// The row's first state, written AFTER the claim's rename and at once followed by <see cref="Claimed"/>. The
    /// trace written before the rename is the upload folder's claim.json, not a row: a crash before the rename
    /// leaves only that folder (removed, the file is still in the inbox), a crash after it leaves a claim.json
    /// without a row (adopted by the next pass). A row written first would outlive a rename that never happened
    /// and hold a "missing" upload whose file is still in the inbox. The crash-safety tests kill the daemon at
    /// "before-claim-rename" and "after-claim" to hold this.
    /// </summary>
    Claiming,
    /// <summary>In the private work area; content not yet proven complete.</summary>
    Claimed,
    /// <summary>Content looked incomplete (e.g. zip without central directory); re-probed until the deadline.</summary>
    Waiting,
    /// <summary>Ciphertext made and hashed, kept in the work area, not yet in the outbox.</summary>
    Encrypted,
    /// <summary>Ciphertext in the outbox; plaintext cleanup pending.</summary>
    Published,
    /// <summary>Finished: published and cleaned up.</summary>
    Done,
    /// <summary>Finished: nothing published; the file is in quarantine with a reason.</summary>
    Quarantined,
}
