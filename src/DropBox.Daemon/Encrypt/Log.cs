using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Encrypt;

/// <summary>Encrypt stage log events (EventIds 1300-1399). Arguments are counts, work-area paths named by
/// upload id, key files and fingerprints: never an uploaded file's name.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1300, Level = LogLevel.Debug, Message = "Encrypting {FileCount} file(s), {Bytes} bytes, to {RecipientCount} receiver key(s) with one gpg process")]
    public static partial void BatchStarting(ILogger logger, int fileCount, long bytes, int recipientCount);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Information, Message = "Encrypted {Succeeded} file(s), {Failed} failed, in {ElapsedMs} ms (gpg exit code {ExitCode})")]
    public static partial void BatchFinished(ILogger logger, int succeeded, int failed, long elapsedMs, int exitCode);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Warning, Message = "Encryption of {WorkPath} failed: {Reason}")]
    public static partial void FileFailed(ILogger logger, string workPath, string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Error, Message = "Encryption batch of {FileCount} file(s) abandoned, no output kept: {Reason}")]
    public static partial void BatchAbandoned(ILogger logger, int fileCount, string reason);

    [LoggerMessage(EventId = 1304, Level = LogLevel.Error, Message = "Receiver key refused: {Problem}")]
    public static partial void KeyRefused(ILogger logger, string problem);

    [LoggerMessage(EventId = 1305, Level = LogLevel.Debug, Message = "gpg said: {GpgStandardError}")]
    public static partial void GpgStandardError(ILogger logger, string gpgStandardError);

    [LoggerMessage(EventId = 1306, Level = LogLevel.Information, Message = "Receiver keys imported once into key set {KeySet}: {KeyCount} key(s), checked against the key files")]
    public static partial void KeysImported(ILogger logger, string keySet, int keyCount);

    [LoggerMessage(EventId = 1307, Level = LogLevel.Warning, Message = "Key set {KeySet} in the private gpg home differs from the key files and is imported again: {Problems}")]
    public static partial void KeyringRebuilt(ILogger logger, string keySet, string problems);

    [LoggerMessage(EventId = 1308, Level = LogLevel.Debug, Message = "Encrypting {FileCount} file(s) with {Processes} gpg process(es) at once")]
    public static partial void BatchSplit(ILogger logger, int fileCount, int processes);

    [LoggerMessage(EventId = 1309, Level = LogLevel.Debug, Message = "Encrypting {OutputName} as it is made (about {Bytes} bytes) to {RecipientCount} receiver key(s) with one gpg process")]
    public static partial void StreamStarting(ILogger logger, string outputName, long bytes, int recipientCount);

    [LoggerMessage(EventId = 1310, Level = LogLevel.Information, Message = "Encrypted {OutputName} ({Bytes} bytes of ciphertext) as it was made, in {ElapsedMs} ms")]
    public static partial void StreamFinished(ILogger logger, string outputName, long bytes, long elapsedMs);
}
