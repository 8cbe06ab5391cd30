namespace DropBox.Daemon.Pipeline;

/// <summary>What one processing pass over a project did (counts of uploads, no names).</summary>
internal sealed record ProcessPassResult(int Published, int Quarantined, int Waiting, bool Failed);
