using System.Net;
using DropBox.Daemon.Hosting;
using DropBox.Daemon.Metrics;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Tests.Encrypt;
using DropBox.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Tests.Notifications;

/// <summary>Receiver keys as check and status show them (real gpg keys), and the metrics endpoint's edges.</summary>
[Collection(GpgKeysCollection.Name)]
public sealed class KeyAndMetricsTests(TestKeys keys)
{
    [ToolFact("gpg")]
    public async Task A_key_expiring_within_the_warning_is_shown_as_expiring_with_fingerprint_algorithm_and_date()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var lines = await ReceiverKeyReport.ReadAsync(Projects(keys.ExpiringSubkey.PublicKeyFile, keys.Ed25519.PublicKeyFile), TimeSpan.FromDays(30), clock, CancellationToken.None);

        var expiring = Assert.Single(lines, l => l.KeyFile == keys.ExpiringSubkey.PublicKeyFile);
        Assert.Equal(("expiring", keys.ExpiringSubkey.Fingerprint), (expiring.State, expiring.Fingerprint));
        Assert.NotNull(expiring.Expires);
        Assert.InRange(expiring.Expires!.Value, clock.GetUtcNow(), clock.GetUtcNow().AddDays(2));
        Assert.Contains("WARNING: expires soon", expiring.Describe(clock.GetUtcNow()), StringComparison.Ordinal);
        var lasting = Assert.Single(lines, l => l.KeyFile == keys.Ed25519.PublicKeyFile);
        Assert.Equal("ok", lasting.State);
        Assert.Equal("ed25519", lasting.Algorithm);
    }

    [ToolFact("gpg")]
    public async Task A_key_past_its_expiry_is_unusable_and_its_problem_names_the_file()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(3));
        var lines = await ReceiverKeyReport.ReadAsync(Projects(keys.ExpiringSubkey.PublicKeyFile), TimeSpan.FromDays(30), clock, CancellationToken.None);

        var line = Assert.Single(lines);
        Assert.Equal("unusable", line.State);
        Assert.Contains(line.Problems, p => p.Contains(keys.ExpiringSubkey.PublicKeyFile, StringComparison.Ordinal) && p.Contains("expired", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0.0.0.0:9464")]
    [InlineData("192.168.1.5:9464")]
    [InlineData("localhost")]
    public void A_metrics_address_that_is_not_loopback_is_a_configuration_error(string listen) =>
        Assert.Single(new MetricsOptions { Listen = listen }.Validate("Metrics"));

    [Fact]
    public async Task The_endpoint_serves_metrics_at_slash_metrics_only()
    {
        var metrics = new DropBoxMetrics(new FakeTimeProvider());
        metrics.Add("dropbox_uploads_total", 2, ("project", "p"), ("outcome", "published"));
        await using var endpoint = new MetricsEndpoint(new IPEndPoint(IPAddress.Loopback, 0), metrics, NullLogger.Instance);
        endpoint.Start();
        using var http = new HttpClient();

        var text = await http.GetStringAsync(new Uri($"http://{endpoint.LocalEndPoint}/metrics"));
        var other = await http.GetAsync(new Uri($"http://{endpoint.LocalEndPoint}/"));

        Assert.Contains("# TYPE dropbox_uploads_total counter\ndropbox_uploads_total{outcome=\"published\",project=\"p\"} 2\n", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    private static Dictionary<string, ProjectOptions> Projects(params string[] keyFiles) =>
        new() { ["p"] = new ProjectOptions { ReceiverKeys = [.. keyFiles] } };
}
