namespace DropBox.Daemon.Hosting;

/// <summary>What one processing pass over a project did (counts of uploads, no names).</summary>
internal sealed record ProcessPassResult(int Published, int Quarantined, int Waiting, bool Failed);

/// <summary>What one sync run did, in a line fit for the console.</summary>
internal sealed record SyncPassResult(string Summary, bool Failed);
