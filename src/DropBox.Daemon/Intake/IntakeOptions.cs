namespace DropBox.Daemon.Intake;

/// <summary>When a file in a sender's inbox counts as a complete upload (section "Intake" of a project).</summary>
internal sealed class IntakeOptions
{
    /// <summary>
    /// A file is a candidate once nobody has written to it (mtime and ctime) for this long. Default 2 minutes:
    /// long enough for a stalled FileZilla connection to resume; the outbox sync only runs every 5 minutes anyway.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How often the inboxes are scanned. Default 30 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A claimed file whose content is still incomplete (zip without a central directory, truncated DICOM)
    /// waits this long, counted from its claim, before it is quarantined as <c>incomplete-upload</c>. Default 1 hour.
    /// </summary>
    public TimeSpan IncompleteDeadline { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// After a claim, the claimed file must keep the same size and times for this long before its content is
    /// trusted: an SFTP server that still had the file open goes on appending to the renamed inode. Default 5 seconds.
    /// </summary>
    public TimeSpan ClaimSettleDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem with these options, each prefixed by <paramref name="prefix"/> (e.g. "Projects:liver:Intake").</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (QuietPeriod <= TimeSpan.Zero)
        {
            yield return $"{prefix}:QuietPeriod must be positive (for example 00:02:00), not {QuietPeriod}.";
        }

        if (PollInterval <= TimeSpan.Zero)
        {
            yield return $"{prefix}:PollInterval must be positive (for example 00:00:30), not {PollInterval}.";
        }

        if (IncompleteDeadline <= TimeSpan.Zero)
        {
            yield return $"{prefix}:IncompleteDeadline must be positive (for example 01:00:00), not {IncompleteDeadline}.";
        }
        else if (IncompleteDeadline < QuietPeriod)
        {
            yield return $"{prefix}:IncompleteDeadline ({IncompleteDeadline}) must not be shorter than QuietPeriod ({QuietPeriod}).";
        }

        if (ClaimSettleDelay < TimeSpan.Zero)
        {
            yield return $"{prefix}:ClaimSettleDelay must not be negative, not {ClaimSettleDelay}.";
        }
        else if (QuietPeriod > TimeSpan.Zero && ClaimSettleDelay > QuietPeriod)
        {
            yield return $"{prefix}:ClaimSettleDelay ({ClaimSettleDelay}) must not be longer than QuietPeriod ({QuietPeriod}).";
        }
    }
}
