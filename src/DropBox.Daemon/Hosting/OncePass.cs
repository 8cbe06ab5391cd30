using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Hosting;

internal enum OnceOutcome
{
    Ok,
    SomeQuarantined,
    Failed,
}

/// <summary><c>dropbox once</c>: every project once through the same work the daemon's jobs do, then exit.</summary>
internal static class OncePass
{
    public static async Task<OnceOutcome> RunAsync(string configPath, bool sync, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var (errors, options) = await DaemonChecks.CheckAsync(configPath, time, cancellationToken).ConfigureAwait(false);
        if (errors.Count > 0)
        {
            await error.WriteLineAsync($"dropbox: configuration {Path.GetFullPath(configPath)} has {errors.Count} problem(s):").ConfigureAwait(false);
            foreach (var e in errors)
            {
                await error.WriteLineAsync($"  - {e}").ConfigureAwait(false);
            }
            return OnceOutcome.Failed;
        }
        using var loggers = LoggingSetup.CreateFactory(options!);
        using var work = new DaemonWork(new ConfigState(configPath, options!), time, loggers);
        var quarantined = 0;
        var failed = false;
        foreach (var name in options!.Projects.Keys.Order(StringComparer.Ordinal))
        {
            var pass = await work.ProcessAsync(name, cancellationToken).ConfigureAwait(false);
            quarantined += pass.Quarantined;
            failed |= pass.Failed;
            await output.WriteLineAsync($"{name}: {pass.Published} upload(s) published, {pass.Quarantined} quarantined, {pass.Waiting} waiting").ConfigureAwait(false);
            if (sync)
            {
                var sent = await work.SyncAsync(name, cancellationToken).ConfigureAwait(false);
                failed |= sent.Failed;
                await output.WriteLineAsync($"{name}: {sent.Summary}").ConfigureAwait(false);
            }
        }
        await work.DrainAlertsAsync(cancellationToken).ConfigureAwait(false); // issue 14: alerts leave before the process does
        return failed ? OnceOutcome.Failed : quarantined > 0 ? OnceOutcome.SomeQuarantined : OnceOutcome.Ok;
    }
}
