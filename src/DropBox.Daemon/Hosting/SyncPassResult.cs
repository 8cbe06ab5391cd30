namespace DropBox.Daemon.Hosting;

/// <summary>What one sync run did, in a line fit for the console.</summary>
internal sealed record SyncPassResult(string Summary, bool Failed);
