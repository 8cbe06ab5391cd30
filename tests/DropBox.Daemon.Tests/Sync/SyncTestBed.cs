using System.Security.Cryptography;
using DropBox.Daemon.Sync;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Tests.Sync;

/// <summary>A sync folder, a journal and a runner with a fixed clock (one hour ahead, so files are quiet).</summary>
internal sealed class SyncTestBed : IDisposable
{
    public SyncTestBed()
    {
        Root = Directory.CreateTempSubdirectory("dropbox-sync-").FullName;
        Source = Path.Combine(Root, "club_house", "From_PKUHSC_To_UM");
        Directory.CreateDirectory(Source);
        Journal = new SyncJournal(Path.Combine(Root, "journal.db"));
        Time = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(1));
        Guard = new PlainFileGuard(Quarantine, IdentifiablePathRule.None, ["PKUHSC", "UM"], (_, _) => false);
    }

    public string Root { get; }

    public string Source { get; }

    public SyncJournal Journal { get; }

    public FakeTimeProvider Time { get; }

    public ListLogger Logger { get; } = new();

    /// <summary>Retries wait zero time (the fake clock never has to move for them); <see cref="SyncRetryTests"/> sets real delays.</summary>
    public SyncOptions Options { get; } = new() { MaxAttempts = 2, FilesPerSession = 50, BackoffBase = TimeSpan.Zero };

    /// <summary>Test seam of the runners this bed makes: runs after a confirmed far rename, before the journal write.</summary>
    public Action<IReadOnlyList<SyncFileRecord>>? AfterRemoteRename { get; set; }

    /// <param name="onDelay">Told the wait before each retry (read from the runner's retry log events).</param>
    public SyncRunner Runner(Action<TimeSpan>? onDelay = null)
    {
        Logger.OnRetry = onDelay;
        return new(Logger, Time, afterRemoteRename: AfterRemoteRename);
    }

    /// <summary>Where the guard quarantines held files (the project's work area).</summary>
    public string WorkDirectory => Path.Combine(Root, "work");

    /// <summary>The plain-file guard of the bed's project "liver" with senders PKUHSC and UM; no own outputs.</summary>
    public PlainFileGuard Guard { get; set; } = null!;

    public DropBox.Daemon.Quarantine.QuarantineStore Quarantine => new(WorkDirectory, Time);

    public Task<SyncRunResult> RunAsync(ISyncTransport transport, CancellationToken cancellationToken = default) =>
        Runner().RunOnceAsync("liver", Source, Options, transport, Journal, Guard, cancellationToken);

    /// <summary>Writes a file below the sync folder; <paramref name="age"/> back-dates it relative to the fixed clock.</summary>
    public string Write(string relative, byte[] content, TimeSpan? age = null)
    {
        var path = Path.Combine(Source, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, (Time.GetUtcNow() - (age ?? TimeSpan.FromMinutes(10))).UtcDateTime);
        return path;
    }

    public string Write(string relative, string text, TimeSpan? age = null) => Write(relative, System.Text.Encoding.UTF8.GetBytes(text), age);

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string Sha256(string path) => Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Every file below <paramref name="directory"/> as relative path → SHA-256.</summary>
    public static Dictionary<string, string> Tree(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(p => Path.GetRelativePath(directory, p).Replace('\\', '/'), Sha256);

    /// <summary>
    /// What should arrive: the sync folder's files minus client temp names, dotfiles, dot-directories and
    /// files written within the quiet period (written out here independently of the scanner under test).
    /// </summary>
    public Dictionary<string, string> SourceTree() => Tree(Source)
        .Where(kv => !kv.Key.Split('/').Any(part => part.StartsWith('.')))
        .Where(kv => !new[] { ".filepart", ".part", ".partial", ".tmp" }.Any(s => kv.Key.EndsWith(s, StringComparison.Ordinal)))
        .Where(kv => Time.GetUtcNow() - File.GetLastWriteTimeUtc(Path.Combine(Source, kv.Key)) >= Options.QuietPeriod)
        .ToDictionary(kv => kv.Key, kv => kv.Value);

    public void Dispose()
    {
        Journal.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

internal sealed class ListLogger : ILogger
{
    /// <summary>The sync runner's "retrying" event (1504).</summary>
    public const int RetryingEventId = 1504;

    public List<(LogLevel Level, EventId Id, string Message)> Entries { get; } = [];

    /// <summary>The exceptions passed with each entry, by position in <see cref="Entries"/> (null when none).</summary>
    public List<Exception?> Exceptions { get; } = [];

    /// <summary>Told the Delay of every retrying event.</summary>
    public Action<TimeSpan>? OnRetry { get; set; }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (Entries)
        {
            Entries.Add((logLevel, eventId, formatter(state, exception)));
            Exceptions.Add(exception);
        }

        if (eventId.Id == RetryingEventId && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            OnRetry?.Invoke((TimeSpan)fields.First(f => f.Key == "Delay").Value!);
        }
    }
}

/// <summary>Counts what really went over the wire, to prove nothing is sent twice.</summary>
internal sealed class CountingTransport(ISyncTransport inner) : ISyncTransport
{
    public List<string> Uploaded { get; } = [];

    public string Description => inner.Description;

    public void Dispose() => inner.Dispose();

    public async Task<int> UploadAsync(IReadOnlyList<string> directories, IReadOnlyList<RemoteUpload> uploads, CancellationToken cancellationToken)
    {
        try
        {
            var count = await inner.UploadAsync(directories, uploads, cancellationToken);
            Uploaded.AddRange(uploads.Select(u => u.TempPath));
            return count;
        }
        catch (SyncTransportException ex)
        {
            Uploaded.AddRange(uploads.Take(ex.CompletedUploads).Select(u => u.TempPath));
            throw;
        }
    }

    public Task<IReadOnlyDictionary<string, long>> GetSizesAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        inner.GetSizesAsync(paths, cancellationToken);

    public Task<IReadOnlyDictionary<string, long>> RenameAsync(IReadOnlyList<RemoteRename> renames, CancellationToken cancellationToken) =>
        inner.RenameAsync(renames, cancellationToken);

    public Task RemoveAsync(IReadOnlyList<string> paths, CancellationToken cancellationToken) =>
        inner.RemoveAsync(paths, cancellationToken);
}
