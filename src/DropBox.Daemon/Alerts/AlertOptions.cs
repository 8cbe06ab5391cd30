namespace DropBox.Daemon.Alerts;

/// <summary>
/// Admin alerts (<c>"DropBox": { "Alerts": { … } }</c>): PHI-free messages by e-mail and/or webhook. Off while
/// neither channel is configured. Validated at start with every problem reported at once.
/// </summary>
internal sealed class AlertOptions
{
    /// <summary>E-mail over SMTP; null (default) for none.</summary>
    public SmtpAlertOptions? Smtp { get; set; }

    /// <summary>HTTP webhook: a JSON POST per alert; null (default) for none.</summary>
    public WebhookAlertOptions? Webhook { get; set; }

    /// <summary>Least time between two messages about the same condition (a far site, a key, a disk), so a
    /// flapping condition is one message and its recovery another. Default 15 minutes.</summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A message a channel could not take is tried again after this long. Default 5 minutes.</summary>
    public TimeSpan RetryInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Undelivered messages older than this are dropped (and logged). Default 3 days.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromDays(3);

    /// <summary>A receiver key expiring within this is a warning in <c>check</c> and an alert. Default 30 days.</summary>
    public TimeSpan KeyExpiryWarning { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Alert when the work area or club_house has less free space than this. Default 2 GiB.</summary>
    public long MinFreeBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>How often keys, free space and programs are checked (each pass looks whether it is due). Default 1 hour.</summary>
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long one channel may take to deliver one message. Default 30 seconds.</summary>
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(30);

    internal bool AnyChannel => Smtp is not null || Webhook is not null;

    public IEnumerable<string> Validate(string prefix)
    {
        foreach (var (name, value) in new[] { ("QuietPeriod", QuietPeriod), ("RetryInterval", RetryInterval), ("GiveUpAfter", GiveUpAfter),
            ("KeyExpiryWarning", KeyExpiryWarning), ("CheckInterval", CheckInterval), ("SendTimeout", SendTimeout) })
        {
            if (value < TimeSpan.Zero || (value == TimeSpan.Zero && name is "RetryInterval" or "CheckInterval" or "SendTimeout" or "GiveUpAfter"))
            {
                yield return $"{prefix}:{name} must be positive (a time like \"00:15:00\")";
            }
        }
        if (MinFreeBytes < 0)
        {
            yield return $"{prefix}:MinFreeBytes must be 0 (no free-space alert) or more";
        }
        foreach (var e in Smtp?.Validate(prefix + ":Smtp") ?? [])
        {
            yield return e;
        }
        foreach (var e in Webhook?.Validate(prefix + ":Webhook") ?? [])
        {
            yield return e;
        }
    }
}
