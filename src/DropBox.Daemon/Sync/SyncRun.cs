namespace DropBox.Daemon.Sync;

/// <summary>What one sync run of one project works on, and what it has learnt about the far end so far.</summary>
internal sealed class SyncRun(string project, string sourceDirectory, SyncOptions options, ISyncTransport transport, SyncJournal journal)
{
    public string Project { get; } = project;

    public string SourceDirectory { get; } = sourceDirectory;

    public SyncOptions Options { get; } = options;

    public ISyncTransport Transport { get; } = transport;

    public SyncJournal Journal { get; } = journal;

    /// <summary>Rows whose transfer may have reached the far rename: the far end is asked before they are sent again.</summary>
    public HashSet<long> Uncertain { get; } = [];

    /// <summary>Rows this run started uploading: their far partials hold this very content, so may be continued.</summary>
    public HashSet<long> Started { get; } = [];

    public string LocalPath(SyncFileRecord row) =>
        Path.Combine(SourceDirectory, row.RelativePath.Replace('/', Path.DirectorySeparatorChar));
}
