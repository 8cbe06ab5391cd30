namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>One upload's journal row as the crash tests read it back.</summary>
internal sealed record JournalRow(string Id, string Sender, string State, string OutputName, int FilesPublished, int FilesQuarantined);
