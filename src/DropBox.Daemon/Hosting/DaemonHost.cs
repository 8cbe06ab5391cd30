using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Projects;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using Serilog;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// <c>dropbox run</c>: the long-running daemon. Refuses to start on a configuration with any problem (all of
/// them printed), so it never runs half-configured.
/// </summary>
internal static class DaemonHost
{
    public static async Task<int> RunAsync(string configPath, TimeProvider time, CancellationToken cancellationToken = default)
    {
        var (errors, options) = await DaemonChecks.CheckAsync(configPath, time, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            await Console.Error.WriteLineAsync($"dropbox: not starting: configuration {Path.GetFullPath(configPath)} has {errors.Count} problem(s):").ConfigureAwait(false);
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"  - {error}").ConfigureAwait(false);
            }
            return 1;
        }

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, Args = [] });
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(LoggingSetup.CreateLogger(options!), dispose: true);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(90));
        builder.Services.AddSingleton(time);
        builder.Services.AddSingleton(new ConfigState(configPath, options!));
        builder.Services.AddSingleton(sp => new ConfigValidator(new DaemonProjectChecks(time)));
        builder.Services.AddSingleton<SystemdNotifier>();
        builder.Services.AddSingleton<ProjectScheduler>();
        builder.Services.AddSingleton<DaemonWork>();
        builder.Services.AddQuartz();
        // SIGTERM cancels the running passes' tokens (then waits for them): a pass stops within seconds, whatever
        // the size of the upload in flight, instead of outliving systemd's TimeoutStopSec and being SIGKILLed.
        builder.Services.Configure<QuartzSchedulerOptions>(o => o.ShutdownJobInterruption = ShutdownJobInterruption.WhenWaitingForJobs);
        builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        builder.Services.AddHostedService<DaemonService>();

        using var host = builder.Build();
        // SIGTERM (systemd stop) → graceful stop: the running jobs are cancelled, clean up the step in flight and
        // return; the journal resumes every upload at the next start.
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        });
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            host.Services.GetRequiredService<IHostApplicationLifetime>().StopApplication();
        });
        // Issue 14: an alert when the previous run stopped uncleanly; the metrics endpoint while the daemon runs.
        ProjectLayout.CreatePrivateDirectory(options!.StateDirectory);
        var work = host.Services.GetRequiredService<DaemonWork>();
        work.Notifications.DaemonStarted(Notifications.RunMarker.Begin(options.StateDirectory, time));
        await using var metrics = StartMetrics(options, work, host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DropBox.Metrics"));
        try
        {
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            await work.DrainAlertsAsync(CancellationToken.None).ConfigureAwait(false);
            Notifications.RunMarker.End(options.StateDirectory);
            return Environment.ExitCode;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A fault that stops the host must not exit 0 (dotnet/runtime#67146): systemd restarts on non-zero.
            // Type, scrubbed message and stack (journald keeps stderr): never the raw message, which may quote a path.
            await Console.Error.WriteLineAsync($"dropbox: the daemon stopped on an error: {ScrubbedException.From(ex)}").ConfigureAwait(false);
            return 1;
        }
    }

    /// <summary>The Prometheus endpoint when <c>Metrics.Listen</c> is set; a port in use is logged, not fatal.</summary>
    private static Metrics.MetricsEndpoint? StartMetrics(DropBoxOptions options, DaemonWork work, Microsoft.Extensions.Logging.ILogger logger)
    {
        if (options.Metrics.ParseEndPoint() is not { } endPoint)
        {
            return null;
        }
        var endpoint = new Metrics.MetricsEndpoint(endPoint, work.Metrics, logger);
        try
        {
            endpoint.Start();
            return endpoint;
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            Metrics.Log.MetricsNotStarted(logger, PhiSafe.Describe(ex));
            return null;
        }
    }
}
