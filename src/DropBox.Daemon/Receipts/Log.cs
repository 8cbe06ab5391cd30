using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Receipts;

/// <summary>Receipt log lines (EventIds 2000-2019). Uploads by id, senders by site code; never an uploaded name.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "Receipt of upload {UploadId} for {Sender} not written (the upload itself is unaffected): {Error}")]
    public static partial void ReceiptNotWritten(ILogger logger, string uploadId, string sender, string error);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Expired receipt of upload {UploadId} for {Sender} not deleted: {Error}")]
    public static partial void ReceiptNotExpired(ILogger logger, string uploadId, string sender, string error);
}
