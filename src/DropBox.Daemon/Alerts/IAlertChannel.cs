namespace DropBox.Daemon.Alerts;

/// <summary>A way to reach the admins (e-mail, webhook). Throws when the message was not taken.</summary>
internal interface IAlertChannel
{
    /// <summary>Short stable name, e.g. "smtp" or "webhook".</summary>
    string Name { get; }

    /// <summary>Where it goes, for <c>dropbox alert test</c> (server and port, URL host; never a password).</summary>
    string Description { get; }

    Task SendAsync(AlertMessage message, CancellationToken cancellationToken);
}
