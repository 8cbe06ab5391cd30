using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace DropBox.Daemon.Alerts;

/// <summary>Alert e-mail through MailKit: STARTTLS (required by default), implicit TLS or plain, optional login.</summary>
internal sealed class SmtpAlertChannel(SmtpAlertOptions options, string? credentialsPath) : IAlertChannel
{
    public string Name => "smtp";

    public string Description => $"e-mail via {options.Host}:{options.Port} ({options.Security}) to {string.Join(", ", options.To)}";

    public async Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
    {
        var mail = new MimeMessage();
        mail.From.Add(MailboxAddress.Parse(options.From));
        foreach (var to in options.To)
        {
            mail.To.Add(MailboxAddress.Parse(to));
        }
        mail.Subject = $"{options.SubjectPrefix} {message.Subject}".Trim();
        mail.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId();
        mail.Date = message.Created;
        mail.Body = new TextPart("plain") { Text = message.Text + $"\n\n-- \nDropBox on {Environment.MachineName}, alert {message.Id} ({message.Key})\n" };

        using var client = new SmtpClient();
        var security = options.Security.ToUpperInvariant() switch
        {
            "TLS" => SecureSocketOptions.SslOnConnect,
            "NONE" => SecureSocketOptions.None,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(options.Host, options.Port, security, cancellationToken).ConfigureAwait(false);
        if (credentialsPath is not null)
        {
            var login = SmtpCredentials.Load(credentialsPath);
            await client.AuthenticateAsync(login.User, login.Password, cancellationToken).ConfigureAwait(false);
        }
        await client.SendAsync(mail, cancellationToken).ConfigureAwait(false);
        await client.DisconnectAsync(quit: true, cancellationToken).ConfigureAwait(false);
    }
}
