namespace DropBox.Daemon.Journal;

/// <summary>
/// Where an upload is. Each transition is written before the next step starts, so after a crash the daemon
/// resumes from the last recorded state, and every step is safe to repeat.
/// </summary>
internal enum UploadState
{
    /// <summary>Rename into the work area is about to happen (row written first, so a crash leaves a trace).</summary>
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
