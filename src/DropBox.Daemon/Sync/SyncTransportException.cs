namespace DropBox.Daemon.Sync;

/// <summary>The far end could not be reached or refused an operation. Retrying later may help.</summary>
internal class SyncTransportException : Exception
{
    public SyncTransportException()
    {
    }

    public SyncTransportException(string message)
        : base(message)
    {
    }

    public SyncTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>For a failed upload batch: how many uploads from the start of the list finished before the failure.</summary>
    public int CompletedUploads { get; init; }

    /// <summary>False when retrying within the run cannot help (wrong host key, refused login): the run stops at once.</summary>
    public bool Retryable { get; init; } = true;
}

/// <summary>
/// The far server's host key is not the pinned one (changed, or unknown). Never accepted silently: the run
/// stops, nothing is sent, and the message names host:port and the pinned file to check.
/// </summary>
internal sealed class SyncHostKeyException : SyncTransportException
{
    public SyncHostKeyException()
    {
    }

    public SyncHostKeyException(string message)
        : base(message)
    {
        Retryable = false;
    }

    public SyncHostKeyException(string message, Exception innerException)
        : base(message, innerException)
    {
        Retryable = false;
    }
}
