using DropBox.Daemon.Alerts;
using DropBox.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Tests.Notifications;

/// <summary>What the admins hear: a condition once when it starts and once when it ends, a flap within the quiet
/// period not at all, a repeated digest once, and a channel that fails is retried later without an exception.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class AlertCenterTests : IDisposable
{
    private readonly TempDir _dir = new("dbx-alerts");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly AlertOptions _options = new() { QuietPeriod = TimeSpan.FromMinutes(15), RetryInterval = TimeSpan.FromMinutes(5) };

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_condition_that_holds_over_many_checks_is_one_message_and_its_end_another()
    {
        var channel = new RecordingChannel();
        var alerts = Center(channel);

        for (var i = 0; i < 5; i++)
        {
            SetDown(alerts, true);
            await alerts.DrainAsync(CancellationToken.None);
            _clock.Advance(TimeSpan.FromMinutes(10));
        }
        SetDown(alerts, false);
        await alerts.DrainAsync(CancellationToken.None);
        SetDown(alerts, false);
        await alerts.DrainAsync(CancellationToken.None);

        Assert.Equal(["error:down", "recovered:up again"], channel.Received.Select(m => $"{m.Severity}:{m.Subject}"));
    }

    [Fact]
    public async Task A_recovery_within_the_quiet_period_waits_and_a_flap_that_returns_is_never_announced()
    {
        var channel = new RecordingChannel();
        var alerts = Center(channel);
        SetDown(alerts, true);
        await alerts.DrainAsync(CancellationToken.None);

        _clock.Advance(TimeSpan.FromMinutes(5));
        SetDown(alerts, false);  // up again, but only 5 minutes after the message: wait
        await alerts.DrainAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(5));
        SetDown(alerts, true);   // down again before the period ended: the admins were right all along
        _clock.Advance(TimeSpan.FromMinutes(10));
        await alerts.DrainAsync(CancellationToken.None);
        Assert.Single(channel.Received);

        SetDown(alerts, false);
        _clock.Advance(TimeSpan.FromMinutes(1));
        await alerts.DrainAsync(CancellationToken.None);
        Assert.Equal(2, channel.Received.Count);
        Assert.Equal("recovered", channel.Received[1].Severity);
    }

    [Fact]
    public async Task The_same_digest_within_the_quiet_period_goes_once_and_a_different_one_goes_too()
    {
        var channel = new RecordingChannel();
        var alerts = Center(channel);

        alerts.Notify("quarantine/p", "warning", "held", "u-1: not-dicom");
        alerts.Notify("quarantine/p", "warning", "held", "u-1: not-dicom");
        alerts.Notify("quarantine/p", "warning", "held", "u-2: zip-slip");
        await alerts.DrainAsync(CancellationToken.None);

        Assert.Equal(["u-1: not-dicom", "u-2: zip-slip"], channel.Received.Select(m => m.Text));
    }

    [Fact]
    public async Task A_webhook_that_fails_is_tried_again_after_the_retry_interval_while_email_is_not_sent_twice()
    {
        using var hook = new WebhookSink { Status = "503 Service Unavailable" };
        using var http = new HttpClient();
        var mail = new RecordingChannel();
        var alerts = Center(mail, new WebhookAlertChannel(new WebhookAlertOptions { Url = hook.Url }, http));

        alerts.Notify("restart", "warning", "restarted", "after an unclean stop");
        await alerts.DrainAsync(CancellationToken.None);
        Assert.Single(mail.Received);
        Assert.Empty(hook.Bodies);
        Assert.Equal(1, alerts.Undelivered);

        hook.Status = "200 OK";
        await alerts.DrainAsync(CancellationToken.None);
        Assert.Empty(hook.Bodies); // not due yet
        _clock.Advance(TimeSpan.FromMinutes(6));
        await alerts.DrainAsync(CancellationToken.None);

        Assert.Single(hook.Bodies);
        Assert.Single(mail.Received);
        Assert.Equal(0, alerts.Undelivered);
    }

    [Fact]
    public async Task A_message_no_channel_took_is_delivered_by_the_next_process_from_alerts_json()
    {
        var broken = new RecordingChannel { Fail = true };
        Center(broken).Notify("restart", "warning", "restarted", "after an unclean stop");
        await Center(broken).DrainAsync(CancellationToken.None);

        var working = new RecordingChannel();
        _clock.Advance(TimeSpan.FromMinutes(6));
        await Center(working).DrainAsync(CancellationToken.None);

        Assert.Equal(["restarted"], working.Received.Select(m => m.Subject));
        Assert.Equal(0, Center(working).Undelivered);
    }

    [Fact]
    public void A_group_readable_smtp_credentials_file_is_a_configuration_error()
    {
        var file = _dir.WriteFile("smtp.cred", "alerts\nsecret\n");
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var smtp = new SmtpAlertOptions { Host = "mail.example", From = "a@b.example", To = ["c@d.example"], CredentialsFile = file };

        var error = Assert.Single(smtp.Validate("Alerts:Smtp"));
        Assert.Contains("chmod 600", error, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", error, StringComparison.Ordinal);

        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        Assert.Empty(smtp.Validate("Alerts:Smtp"));
        Assert.Equal(new SmtpCredentials("alerts", "secret"), SmtpCredentials.Load(file));
    }

    private AlertCenter Center(params IAlertChannel[] channels) =>
        new(_options, _dir.Path, channels, _clock, NullLogger.Instance);

    private static void SetDown(AlertCenter alerts, bool down) =>
        alerts.Set("sync-down/p", down, "error", "down", "the far site is down", "up again", "the far site works again");

    private sealed class RecordingChannel : IAlertChannel
    {
        public List<AlertMessage> Received { get; } = [];

        public bool Fail { get; init; }

        public string Name => "recording";

        public string Description => "in memory";

        public Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
        {
            if (Fail)
            {
                throw new IOException("the channel is down");
            }
            Received.Add(message);
            return Task.CompletedTask;
        }
    }
}
