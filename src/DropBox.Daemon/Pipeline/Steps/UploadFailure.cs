using DropBox.Daemon.Encrypt;

namespace DropBox.Daemon.Pipeline.Steps;

/// <summary>
/// Which exceptions fail one upload's step (logged; the upload is tried again next pass) rather than the whole pass.
/// Members are de-identified in parallel, so their failures arrive wrapped in an <see cref="AggregateException"/>:
/// unwrapped here, so one upload's bad member cannot fail every pass for every other upload.
/// </summary>
internal static class UploadFailure
{
    public static bool InPreparing(Exception ex) => ex is AggregateException aggregate
        ? aggregate.Flatten().InnerExceptions.All(InPreparing)
        : ex is IOException or UnauthorizedAccessException or InvalidOperationException or ArgumentException
            // A zip is encrypted while it is de-identified: its gpg failing fails that upload, as in the encrypt step.
            or EncryptionException or TimeoutException;
}
