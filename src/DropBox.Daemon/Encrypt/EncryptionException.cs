namespace DropBox.Daemon.Encrypt;

/// <summary>
/// Encryption could not be done. Messages name work-area paths (upload ids) and key files only, never an
/// uploaded file's own name, and say what to do next.
/// </summary>
internal sealed class EncryptionException : Exception
{
    public EncryptionException(string message) : base(message)
    {
    }

    public EncryptionException(string message, Exception inner) : base(message, inner)
    {
    }
}
