namespace DropBox.Daemon.Alerts;

/// <summary>How alert e-mail leaves: an SMTP server, its transport security and optional login.</summary>
internal sealed class SmtpAlertOptions
{
    public string Host { get; set; } = "";

    /// <summary>Default 587 (submission with STARTTLS).</summary>
    public int Port { get; set; } = 587;

    /// <summary><c>StartTls</c> (default: refuse a server without it), <c>Tls</c> (implicit TLS, port 465) or
    /// <c>None</c> (plain, only for a relay on this machine or a test).</summary>
    public string Security { get; set; } = "StartTls";

    public string From { get; set; } = "";

    public List<string> To { get; set; } = [];

    /// <summary>Optional: a file holding the login on its first line and the password on its second. It must
    /// be readable by the daemon's user only (mode 0600 or 0400): a group- or world-readable file is refused.</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>Subject prefix, e.g. the machine's role. Default "[dropbox]".</summary>
    public string SubjectPrefix { get; set; } = "[dropbox]";

    internal static readonly string[] SecurityModes = ["StartTls", "Tls", "None"];

    public IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Host))
        {
            yield return $"{prefix}:Host is not set: give the SMTP server's name";
        }
        if (Port is < 1 or > 65535)
        {
            yield return $"{prefix}:Port {Port} is not a TCP port (587 for STARTTLS, 465 for TLS)";
        }
        if (!SecurityModes.Contains(Security, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"{prefix}:Security '{Security}' must be one of {string.Join(", ", SecurityModes)}";
        }
        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return $"{prefix}:From '{From}' is not an e-mail address";
        }
        if (To.Count == 0)
        {
            yield return $"{prefix}:To is empty: list the admins' e-mail addresses";
        }
        foreach (var to in To.Where(t => !MimeKit.MailboxAddress.TryParse(t, out _)))
        {
            yield return $"{prefix}:To '{to}' is not an e-mail address";
        }
        if (CredentialsFile is not null && SmtpCredentials.Problem(CredentialsFile) is { } problem)
        {
            yield return $"{prefix}:CredentialsFile {problem}";
        }
    }
}
