using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Intake;

/// <summary>
/// A regular file that has been quiet for the quiet period and may be claimed.
/// <see cref="Path"/> holds the uploaded name: never log it.
/// </summary>
internal sealed record UploadCandidate(string Path, UnixFileStatus Status);

/// <summary>
/// An inbox entry the daemon will not process (a symlink, FIFO, socket or device). It is never opened or
/// followed; the pipeline moves the entry itself (rename works on links and FIFOs) into quarantine.
/// </summary>
internal sealed record RefusedEntry(string Path, UnixFileKind Kind, string ReasonCode);

/// <summary>One pass over an inbox.</summary>
/// <param name="Complete">Quiet regular files, oldest change first.</param>
/// <param name="Refused">Entries that must never be processed.</param>
/// <param name="Waiting">Regular files still inside their quiet period.</param>
/// <param name="Ignored">Temp names and dotfiles (an SFTP client's work in progress).</param>
/// <param name="UnderTemporaryNames">Of the ignored, the regular files under a client's temp name (<c>.filepart</c>,
/// WinSCP's and FileZilla's temp names, dotfiles): uploads being written that get their real name at the end.</param>
internal sealed record InboxScan(
    IReadOnlyList<UploadCandidate> Complete,
    IReadOnlyList<RefusedEntry> Refused,
    int Waiting,
    int Ignored,
    int UnderTemporaryNames = 0);
