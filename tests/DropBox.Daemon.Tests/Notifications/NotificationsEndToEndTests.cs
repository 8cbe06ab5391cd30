using System.Text.Json.Nodes;
using DropBox.Daemon.Hosting;
using DropBox.Daemon.Metrics;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Tests.Encrypt;
using DropBox.Testing;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Tests.Notifications;

/// <summary>
/// Issue 14's done-when: a published and a quarantined upload each leave the right receipt, a real SMTP server and a
/// real webhook get one quarantine digest, one far-site-down alert past AlertAfter and one recovery, the metrics
/// endpoint counts what happened, and no planted PHI value shows in receipts, alerts, metrics or logs.
/// </summary>
[Collection(GpgKeysCollection.Name)]
public sealed class NotificationsEndToEndTests(TestKeys keys) : IDisposable
{
    private readonly TempDir _dir = new("dbx-notify-e2e");

    public void Dispose() => _dir.Dispose();

    [CorpusFact("gpg", "aiosmtpd")]
    public async Task Receipts_alerts_and_metrics_tell_what_happened_and_never_a_planted_value()
    {
        using var smtp = new SmtpSink(_dir.Path);
        using var webhook = new WebhookSink();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var root = _dir.Combine("ji_e2e");
        var inbox = _dir.CreateDirectory("ji_e2e", "S", "gpg");
        _dir.CreateDirectory("ji_e2e", "club_house", "From_S_To_UM", "gpg-S");
        var far = _dir.CreateDirectory("far");
        var configPath = _dir.WriteFile("appsettings.json", new JsonObject
        {
            ["DropBox"] = new JsonObject
            {
                ["StateDirectory"] = "state",
                ["LogDirectory"] = "log",
                ["Alerts"] = new JsonObject
                {
                    ["Smtp"] = new JsonObject { ["Host"] = "127.0.0.1", ["Port"] = smtp.Port, ["Security"] = "None", ["From"] = "dropbox@site-a.example", ["To"] = new JsonArray("admin@site-a.example") },
                    ["Webhook"] = new JsonObject { ["Url"] = webhook.Url },
                    ["QuietPeriod"] = "00:05:00",
                    ["MinFreeBytes"] = 0,
                },
                ["Projects"] = new JsonObject
                {
                    ["e2e"] = new JsonObject
                    {
                        ["Root"] = root,
                        ["Direction"] = "From_S_To_UM",
                        ["Senders"] = new JsonArray("S"),
                        ["ReceiverKeys"] = new JsonArray(keys.Ed25519.PublicKeyFile),
                        ["Intake"] = new JsonObject { ["QuietPeriod"] = "00:01:00", ["ClaimSettleDelay"] = "00:00:00" },
                        ["Sync"] = new JsonObject
                        {
                            ["AlertAfter"] = "00:30:00", ["MaxAttempts"] = 1,
                            ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = far },
                        },
                    },
                },
            },
        }.ToJsonString());
        var (errors, options) = await DaemonChecks.CheckAsync(configPath, clock, CancellationToken.None);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        using var loggers = LoggingSetup.CreateFactory(options!, console: false);
        using var work = new DaemonWork(new ConfigState(configPath, options!), clock, loggers);
        await using var endpoint = new MetricsEndpoint(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0), work.Metrics, loggers.CreateLogger("test"));
        endpoint.Start();

        // Two uploads: a CT that goes through, an ultrasound with burned-in text that is held.
        File.Copy(RepoPaths.CorpusFile("synthetic/syn01_ct_phi_many_attrs_latin1_evrle.dcm"), Path.Combine(inbox, "ct.dcm"));
        File.Copy(RepoPaths.CorpusFile("synthetic/syn07_us_rgb_burned_in_annotation.dcm"), Path.Combine(inbox, "us.dcm"));
        clock.Advance(TimeSpan.FromMinutes(5));
        var pass = await work.ProcessAsync("e2e", CancellationToken.None);
        Assert.Equal((1, 1, false), (pass.Published, pass.Quarantined, pass.Failed));
        await work.DrainAlertsAsync(CancellationToken.None);

        // Receipts: one per upload, beside the inbox, named by upload id.
        var receipts = Directory.GetFiles(Path.Combine(root, "S", "receipts"), "*.txt").Select(File.ReadAllText).ToList();
        Assert.Equal(2, receipts.Count);
        var published = Assert.Single(receipts, r => r.Contains("ct.dcm", StringComparison.Ordinal));
        var output = Assert.Single(Directory.GetFiles(Path.Combine(root, "club_house", "From_S_To_UM", "gpg-S")));
        Assert.Contains("SENT ON", published, StringComparison.Ordinal);
        Assert.Contains(Path.GetFileName(output), published, StringComparison.Ordinal);
        Assert.Contains("De-identified:  1 file(s)", published, StringComparison.Ordinal);
        Assert.Contains(Sha256Of(RepoPaths.CorpusFile("synthetic/syn01_ct_phi_many_attrs_latin1_evrle.dcm")), published, StringComparison.Ordinal);
        var held = Assert.Single(receipts, r => r.Contains("us.dcm", StringComparison.Ordinal));
        var item = Assert.Single(new QuarantineStore(Path.Combine(root, ".dropbox"), clock).List("S"));
        Assert.Contains("HELD, nothing of this upload was sent", held, StringComparison.Ordinal);
        Assert.Contains($"{item.Code}: {ReasonCatalog.SenderAdvice(item.Code)}", held, StringComparison.Ordinal);
        Assert.Contains(Sha256Of(RepoPaths.CorpusFile("synthetic/syn07_us_rgb_burned_in_annotation.dcm")), held, StringComparison.Ordinal);
        Assert.Single(smtp.Messages);
        Assert.Contains("1 file(s) held in quarantine", smtp.Messages[0], StringComparison.Ordinal);

        // The far site goes away: the first failures are younger than AlertAfter, then one alert, then its recovery.
        Directory.Move(far, far + ".away");
        Assert.True((await work.SyncAsync("e2e", CancellationToken.None)).Failed);
        await work.DrainAlertsAsync(CancellationToken.None);
        Assert.Single(smtp.Messages);
        clock.Advance(TimeSpan.FromMinutes(40));
        Assert.True((await work.SyncAsync("e2e", CancellationToken.None)).Failed);
        Assert.True((await work.SyncAsync("e2e", CancellationToken.None)).Failed);
        await work.DrainAlertsAsync(CancellationToken.None);
        Assert.Equal(2, smtp.Messages.Count);
        Assert.Contains("sync to the far site failing", smtp.Messages[1], StringComparison.Ordinal);
        clock.Advance(TimeSpan.FromMinutes(10));
        Directory.Move(far + ".away", far);
        Assert.False((await work.SyncAsync("e2e", CancellationToken.None)).Failed);
        await work.DrainAlertsAsync(CancellationToken.None);
        Assert.Equal(3, smtp.Messages.Count);
        Assert.Contains("sync to the far site works again", smtp.Messages[2], StringComparison.Ordinal);
        Assert.Equal(3, webhook.Bodies.Count);
        Assert.Equal(["warning", "error", "recovered"], webhook.Bodies.Select(b => JsonNode.Parse(b)!["severity"]!.GetValue<string>()));

        // The endpoint's counters match what happened.
        using var http = new HttpClient();
        var metrics = await http.GetStringAsync(new Uri($"http://{endpoint.LocalEndPoint}/metrics"));
        Assert.Contains("dropbox_uploads_total{outcome=\"published\",project=\"e2e\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("dropbox_uploads_total{outcome=\"quarantined\",project=\"e2e\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"dropbox_quarantined_total{{project=\"e2e\",reason=\"{item.Code}\"}} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("dropbox_files_deidentified_total{project=\"e2e\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"dropbox_bytes_encrypted_total{{project=\"e2e\"}} {new FileInfo(output).Length}\n", metrics, StringComparison.Ordinal);
        Assert.Contains($"dropbox_bytes_sent_total{{project=\"e2e\"}} {new FileInfo(output).Length}\n", metrics, StringComparison.Ordinal);
        Assert.Contains("dropbox_sync_failures_total{project=\"e2e\"} 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("dropbox_sync_files_waiting{project=\"e2e\"} 0\n", metrics, StringComparison.Ordinal);
        Assert.Contains("dropbox_sync_duration_seconds_count{project=\"e2e\"} 4\n", metrics, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(far, "gpg-S")));

        // No planted value anywhere people or tools read.
        loggers.Dispose();
        var planted = PlantedPhi.Of("syn01_ct_phi_many_attrs_latin1_evrle.dcm", "syn07_us_rgb_burned_in_annotation.dcm");
        Assert.NotEmpty(planted);
        foreach (var receipt in receipts)
        {
            PlantedPhi.AssertAbsent(planted, "a receipt", receipt);
        }
        foreach (var mail in smtp.Messages)
        {
            PlantedPhi.AssertAbsent(planted, "an alert e-mail", mail);
        }
        foreach (var body in webhook.Bodies)
        {
            PlantedPhi.AssertAbsent(planted, "a webhook body", body);
        }
        PlantedPhi.AssertAbsent(planted, "the metrics", metrics);
        foreach (var log in Directory.GetFiles(_dir.Combine("log"), "*", SearchOption.AllDirectories))
        {
            PlantedPhi.AssertAbsent(planted, "the log " + Path.GetFileName(log), File.ReadAllText(log));
        }
        PlantedPhi.AssertAbsent(planted, "alerts.json", File.ReadAllText(_dir.Combine("state", "alerts.json")));
    }

    private static string Sha256Of(string path) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));
}
