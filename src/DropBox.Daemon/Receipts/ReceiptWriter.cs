using System.Text;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Receipts;

/// <summary>
/// Writes and expires the receipts of one project in each sender's <c>&lt;Root&gt;/&lt;SENDER&gt;/receipts/</c>.
/// The folder lies in the sender's area, which the sender may write: it is used only while it is a real folder
/// (never through a link), a receipt is written to a new temp name and renamed over the old one (a reader never
/// sees half a receipt), and only upload-id-shaped names are ever read, replaced or deleted. Receipts are not forced
/// to disk one by one: they are a side concern, and a power cut may lose the latest of them.
/// </summary>
internal sealed class ReceiptWriter(string root, ReceiptOptions options, TimeProvider time, ILogger logger)
{
    public const string FolderName = "receipts";
    private const int MaxReadBack = 64 * 1024;

    public string FolderOf(string sender) => Path.Combine(root, sender, FolderName);

    public string PathOf(string sender, string uploadId) => Path.Combine(FolderOf(sender), uploadId + ".txt");

    /// <summary>Writes (or replaces) the receipt of <paramref name="receipt"/>'s upload. Never throws.</summary>
    public void Write(Receipt receipt)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The DropBox daemon runs on Linux only.");
        }
        if (!options.Enabled || !UploadId.IsValid(receipt.UploadId) || !PrivateFiles.IsSafeSegment(receipt.Sender))
        {
            return;
        }
        try
        {
            var folder = EnsureFolder(receipt.Sender);
            var target = Path.Combine(folder, receipt.UploadId + ".txt");
            var temp = Path.Combine(folder, $".{receipt.UploadId}.txt.{Guid.NewGuid():N}.tmp");
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFiles.PrivateFileMode };
            using (var stream = new FileStream(temp, create))
            {
                stream.Write(Encoding.UTF8.GetBytes(ReceiptText.Render(receipt)));
                // No fsync: a receipt is a courtesy that the upload's next event rewrites (the journal and the audit
                // trail are the record), and one fsync per receipt was a third of a batch's claim and publish time. The
                // tmp+rename still means a reader never sees half of one; a power cut may lose the latest receipts.
                File.SetUnixFileMode(stream.SafeFileHandle, options.Mode ?? PrivateFiles.PrivateFileMode);
            }
            File.Move(temp, target, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            Log.ReceiptNotWritten(logger, receipt.UploadId, receipt.Sender, Diagnostics.PhiSafe.Describe(ex));
        }
    }

    /// <summary>The uploaded name and time received from the upload's earlier receipt, when there is one.</summary>
    public (string? Name, DateTimeOffset? Received) ReadBack(string sender, string uploadId)
    {
        var path = PathOf(sender, uploadId);
        try
        {
            var file = new FileInfo(path);
            if (!file.Exists || file.LinkTarget is not null || file.Length > MaxReadBack || !IsRealFolder(FolderOf(sender)))
            {
                return (null, null);
            }
            return ReceiptText.ReadBack(File.ReadAllText(path, Encoding.UTF8));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, null);
        }
    }

    /// <summary>Deletes receipts older than <see cref="ReceiptOptions.KeepFor"/>, and temp files a kill left half-way
    /// (the sender sees them too) once they are older than <see cref="AbandonedTempAge"/>.</summary>
    public int Expire(IEnumerable<string> senders)
    {
        var removed = 0;
        var cutoff = time.GetUtcNow() - options.KeepFor;
        var tempCutoff = time.GetUtcNow() - AbandonedTempAge;
        foreach (var sender in senders)
        {
            var folder = FolderOf(sender);
            if (!PrivateFiles.IsSafeSegment(sender) || !IsRealFolder(folder))
            {
                continue;
            }
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles())
            {
                var id = file.Name.TrimStart('.').Split('.')[0];
                var isTemp = file.Name.StartsWith('.') && file.Name.EndsWith(".tmp", StringComparison.Ordinal);
                if (UploadId.IsValid(id) && file.LinkTarget is null && file.LastWriteTimeUtc < (isTemp ? tempCutoff : cutoff).UtcDateTime)
                {
                    try
                    {
                        file.Delete();
                        removed++;
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        Log.ReceiptNotExpired(logger, id, sender, Diagnostics.PhiSafe.Describe(ex));
                    }
                }
            }
        }
        return removed;
    }

    /// <summary>How long a receipt's temp file may stand before it counts as left by a kill: a receipt takes milliseconds.</summary>
    internal static readonly TimeSpan AbandonedTempAge = TimeSpan.FromMinutes(1);

    private string EnsureFolder(string sender)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The DropBox daemon runs on Linux only.");
        }
        var folder = FolderOf(sender);
        if (!Directory.Exists(Path.Combine(root, sender)))
        {
            throw new IOException("the sender's folder does not exist");
        }
        if (!Directory.Exists(folder) && new FileInfo(folder).LinkTarget is null)
        {
            Directory.CreateDirectory(folder, options.DirectoryMode);
            File.SetUnixFileMode(folder, options.DirectoryMode);
        }
        if (!IsRealFolder(folder))
        {
            throw new IOException("the receipts folder is a link or not a folder; receipts are written only into a real folder");
        }
        return folder;
    }

    private static bool IsRealFolder(string folder)
    {
        var info = new DirectoryInfo(folder);
        return info.Exists && info.LinkTarget is null;
    }
}
