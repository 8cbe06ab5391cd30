namespace DropBox.Daemon.Quarantine;

/// <summary>Why an item is in quarantine: a code from <see cref="ReasonCatalog"/> and a message without PHI.</summary>
internal sealed record QuarantineReason(string Code, string Message);
