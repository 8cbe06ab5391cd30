namespace DropBox.Daemon.Outbox;

/// <summary>How finished ciphertexts are placed into <c>&lt;Root&gt;/club_house/&lt;Direction&gt;/gpg-&lt;Sender&gt;/</c>.</summary>
internal sealed class OutboxOptions
{
    /// <summary>
    /// Octal permission bits for published files, e.g. "0640", or null (default) to leave them to the umask.
    /// Under systemd with UMask=0077 files come out 0600 and owned by the daemon's user; receivers who fetch
    /// them over SFTP as another account need a group mode such as "0640" (plus group ownership/ACLs on the
    /// folder). Ciphertext only, so a wider mode exposes nothing readable.
    /// </summary>
    public string? FileMode { get; set; }

    public IEnumerable<string> Validate(string prefix)
    {
        if (FileMode is not null && ParseMode(FileMode) is null)
        {
            yield return $"{prefix}:FileMode '{FileMode}' is not an octal permission like \"0640\" (at most 0777): fix it or remove it to use the umask.";
        }
    }

    /// <summary>The configured mode, or null for "leave to umask".</summary>
    internal UnixFileMode? Mode => FileMode is null ? null : ParseMode(FileMode);

    private static UnixFileMode? ParseMode(string text)
    {
        var t = text.Trim();
        if (t.Length is 0 or > 4 || t.Any(c => c is < '0' or > '7'))
        {
            return null;
        }

        var value = Convert.ToInt32(t, 8);
        return value <= Convert.ToInt32("777", 8) ? (UnixFileMode)value : null;
    }
}
