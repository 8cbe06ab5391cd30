namespace DropBox.Daemon.Platform;

/// <summary>
/// The process's file-creation mask, read from <c>/proc/self/status</c> (Linux 4.7+). umask(2) cannot be read without
/// setting it, which would race with every thread creating files. Needed to give a file renamed into the outbox the
/// mode a file created there would have had (0666 minus the umask).
/// </summary>
internal static class ProcessUmask
{
    private static readonly Lazy<UnixFileMode?> Mask = new(Read);

    /// <summary>The mode a new file gets from <c>open(O_CREAT, 0666)</c> in this process, or null when unknown.</summary>
    public static UnixFileMode? NewFileMode => Mask.Value is { } mask ? (UnixFileMode)(0x1B6 & ~(int)mask) : null;

    private static UnixFileMode? Read()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Umask:", StringComparison.Ordinal))
                {
                    return (UnixFileMode)Convert.ToInt32(line[6..].Trim(), 8);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or FormatException)
        {
            // No /proc: unknown, the caller copies instead.
        }
        return null;
    }
}
