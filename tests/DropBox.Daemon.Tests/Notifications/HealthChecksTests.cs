using DropBox.Daemon.Alerts;
using DropBox.Daemon.Notifications;
using DropBox.Daemon.Pipeline;
using DropBox.Daemon.Projects;
using DropBox.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace DropBox.Daemon.Tests.Notifications;

/// <summary>The programs a project needs: a missing one is one alert naming the program and the package to install.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class HealthChecksTests : IDisposable
{
    private readonly TempDir _dir = new("dbx-health");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_missing_tesseract_is_an_alert_when_the_project_cleans_pixel_data_and_not_otherwise()
    {
        var withOption = await AlertsFor(cleanPixelData: true);
        var without = await AlertsFor(cleanPixelData: false);

        var alert = Assert.Single(withOption, m => m.Subject.Contains("tesseract", StringComparison.Ordinal));
        Assert.Contains("apt-get install tesseract-ocr", alert.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(without, m => m.Subject.Contains("tesseract", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<AlertMessage>> AlertsFor(bool cleanPixelData)
    {
        var root = Path.Combine(_dir.Path, cleanPixelData ? "on" : "off");
        var global = new DropBoxOptions { StateDirectory = Path.Combine(root, "state") };
        var options = new ProjectOptions { Root = Path.Combine(root, "ji_liver"), Direction = "From_A_To_B", Senders = ["PKUHSC"] };
        options.Deidentify.Project = "liver";
        options.Deidentify.OcrPath = "/nonexistent/tesseract";
        if (cleanPixelData)
        {
            options.Deidentify.Options.Add("CleanPixelData");
        }
        global.Projects["liver"] = options;
        var channel = new RecordingChannel();
        var alertOptions = new AlertOptions();
        var alerts = new AlertCenter(alertOptions, root, [channel], _clock, NullLogger.Instance);
        using var runtime = new ProjectRuntime("liver", options, global, _clock, NullLoggerFactory.Instance);

        await new HealthChecks(alerts, alertOptions, _clock, NullLogger.Instance).CheckIfDueAsync(runtime, CancellationToken.None);
        await alerts.DrainAsync(CancellationToken.None);
        return channel.Received;
    }

    private sealed class RecordingChannel : IAlertChannel
    {
        public List<AlertMessage> Received { get; } = [];

        public string Name => "recording";

        public string Description => "in memory";

        public Task SendAsync(AlertMessage message, CancellationToken cancellationToken)
        {
            Received.Add(message);
            return Task.CompletedTask;
        }
    }
}
