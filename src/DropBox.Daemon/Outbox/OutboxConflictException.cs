namespace DropBox.Daemon.Outbox;

/// <summary>The outbox already holds a DIFFERENT file under the name being published: never overwritten.</summary>
internal sealed class OutboxConflictException : IOException
{
    public OutboxConflictException(string message) : base(message)
    {
    }
}
