namespace DropBox.Daemon.Receipts;

/// <summary>
/// Sender receipts (per project, <c>"Receipts": { … }</c>): one plain-text file per upload in
/// <c>&lt;Root&gt;/&lt;SENDER&gt;/receipts/&lt;upload-id&gt;.txt</c>, beside the sender's <c>gpg/</c> inbox.
/// </summary>
internal sealed class ReceiptOptions
{
    /// <summary>Write receipts at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Receipts older than this (by their last change) are deleted at the start of each pass. Default 30 days.</summary>
    public TimeSpan KeepFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Octal permission bits of receipts, default "0640": the daemon runs with UMask=0077, so without a group
    /// mode the sender's SFTP account could not read its own receipts. Give the folder <c>&lt;Root&gt;/&lt;SENDER&gt;</c>
    /// the sender account's group (setgid, like the inbox) so new receipts carry it. The receipts folder gets the
    /// same bits plus search (x) where read is granted.
    /// </summary>
    public string FileMode { get; set; } = "0640";

    public IEnumerable<string> Validate(string prefix)
    {
        if (KeepFor <= TimeSpan.Zero)
        {
            yield return $"{prefix}:KeepFor must be positive (e.g. \"30.00:00:00\" for 30 days)";
        }
        if (Mode is null)
        {
            yield return $"{prefix}:FileMode '{FileMode}' is not an octal permission like \"0640\" (at most 0666: receipts are never executable)";
        }
    }

    /// <summary>The receipts' mode, or null when <see cref="FileMode"/> is unusable.</summary>
    internal UnixFileMode? Mode
    {
        get
        {
            var t = (FileMode ?? "").Trim();
            if (t.Length is 0 or > 4 || t.Any(c => c is < '0' or > '7'))
            {
                return null;
            }
            var value = Convert.ToInt32(t, 8);
            // No execute bits and no set-id bits on a text file.
            return (value & ~Convert.ToInt32("666", 8)) == 0 ? (UnixFileMode)value : null;
        }
    }

    /// <summary>The receipts folder's mode: the file mode plus search wherever read is granted, and owner rwx.</summary>
    internal UnixFileMode DirectoryMode
    {
        get
        {
            var mode = (Mode ?? UnixFileMode.UserRead | UnixFileMode.UserWrite) | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
            if (mode.HasFlag(UnixFileMode.GroupRead))
            {
                mode |= UnixFileMode.GroupExecute;
            }
            if (mode.HasFlag(UnixFileMode.OtherRead))
            {
                mode |= UnixFileMode.OtherExecute;
            }
            return mode & ~(UnixFileMode.GroupWrite | UnixFileMode.OtherWrite);
        }
    }
}
