namespace DropBox.Daemon.Platform;

/// <summary>rename(2) said EXDEV: the work directory is on another filesystem than the inbox.</summary>
internal sealed class CrossFilesystemRenameException : IOException
{
    public CrossFilesystemRenameException()
        : base("The work directory must be on the same filesystem as the inbox, so uploads can be claimed by an atomic rename; set the project's WorkDirectory to a folder under its Root (the default <Root>/.dropbox).")
    {
    }
}
