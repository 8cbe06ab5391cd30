using System.Collections.Concurrent;
using System.Globalization;
using DropBox.Daemon.Alerts;
using DropBox.Daemon.Deidentification;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Pipeline;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Notifications;

/// <summary>
/// The conditions no upload reports by itself: a receiver key expired or expiring within
/// <see cref="AlertOptions.KeyExpiryWarning"/>, free space under <see cref="AlertOptions.MinFreeBytes"/> in the work
/// area or club_house, gpg missing. Looked at from a pass when <see cref="AlertOptions.CheckInterval"/> has passed.
/// </summary>
internal sealed class HealthChecks(AlertCenter alerts, AlertOptions options, TimeProvider time, ILogger logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastRun = new(StringComparer.Ordinal);

    public async Task CheckIfDueAsync(ProjectRuntime project, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!alerts.Enabled || (_lastRun.TryGetValue(project.Name, out var last) && now - last < options.CheckInterval))
        {
            return;
        }
        _lastRun[project.Name] = now;
        CheckProgram(project.Options.Encrypt.GpgPath, "gpg", "encryption stops: every upload waits in the work area", "gnupg");
        if (PixelCleaningWiring.IsOn(project.Options.Deidentify))
        {
            CheckProgram(project.Options.Deidentify.OcrPath, "tesseract",
                "every file that needs Clean Pixel Data is quarantined until it is back", "tesseract-ocr");
        }
        CheckFreeSpace(project.Name, "work area", project.Options.EffectiveWorkDirectory);
        CheckFreeSpace(project.Name, "club_house", project.Options.SyncSource);
        try
        {
            var keys = await new GpgKeyInspector(project.Options.Encrypt, time).InspectAllAsync(project.Options.ReceiverKeys, cancellationToken).ConfigureAwait(false);
            foreach (var key in keys)
            {
                CheckKey(project.Name, key, now);
            }
        }
        catch (EncryptionException ex)
        {
            Alerts.Log.CheckFailed(logger, "receiver keys", PhiSafe.Describe(ex));
        }
        alerts.Kick();
    }

    /// <summary>When a key stops encrypting: the latest expiry of its encryption subkeys, null for never (or no subkey).</summary>
    public static DateTimeOffset? ExpiryOf(ReceiverKey key) =>
        key.EncryptionSubkeys.Count == 0 || key.EncryptionSubkeys.Any(s => s.Expires is null) ? null : key.EncryptionSubkeys.Max(s => s.Expires);

    private void CheckKey(string project, ReceiverKey key, DateTimeOffset now)
    {
        alerts.Set($"key-unusable/{project}/{key.KeyFile}", !key.IsUsable, "error",
            $"{project}: receiver key {Path.GetFileName(key.KeyFile)} cannot be used",
            $"Project {project}: the receiver key {key.KeyFile} cannot be used, so nothing is encrypted and every upload waits "
            + $"in the work area:\n  {string.Join("\n  ", key.Problems)}\nAsk the receiver for a renewed key (gpg --armor --export KEYID).",
            $"{project}: receiver key {Path.GetFileName(key.KeyFile)} usable again",
            $"Project {project}: the receiver key {key.KeyFile} can be used again; waiting uploads are encrypted at the next pass.");
        var expires = ExpiryOf(key);
        var soon = key.IsUsable && expires is { } e && e - now < options.KeyExpiryWarning;
        alerts.Set($"key-expiring/{project}/{key.Fingerprint}", soon, "warning",
            $"{project}: receiver key {key.Fingerprint} expires {expires:yyyy-MM-dd}",
            $"Project {project}: the receiver key {key.KeyFile} (fingerprint {key.Fingerprint}, {key.Algorithm}) expires on "
            + $"{expires?.ToString("u", CultureInfo.InvariantCulture)}. From then on no upload can be encrypted. Ask the receiver to extend it "
            + "(gpg --quick-set-expire FPR 2y and the same for the encryption subkey) and send the exported key; replace the file.",
            $"{project}: receiver key {key.Fingerprint} no longer expires soon",
            $"Project {project}: the receiver key {key.KeyFile} now expires {(expires is { } x ? x.ToString("u", CultureInfo.InvariantCulture) : "never")}.");
    }

    private void CheckFreeSpace(string project, string what, string path)
    {
        if (options.MinFreeBytes <= 0 || !Directory.Exists(path))
        {
            return;
        }
        try
        {
            var free = new DriveInfo(path).AvailableFreeSpace;
            alerts.Set($"disk-low/{project}/{what}", free < options.MinFreeBytes, "error",
                $"{project}: {what} has {Gib(free)} free",
                $"Project {project}: the {what} ({path}) has {Gib(free)} free, under Alerts.MinFreeBytes ({Gib(options.MinFreeBytes)}). "
                + "When it runs out, uploads stop being processed. Free space (dropbox quarantine purge --older-than 30d, old outputs already sent) or grow the disk.",
                $"{project}: {what} has enough free space again",
                $"Project {project}: the {what} ({path}) has {Gib(free)} free again.");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            Alerts.Log.CheckFailed(logger, "free space", PhiSafe.Describe(ex));
        }
    }

    private void CheckProgram(string program, string name, string consequence, string package)
    {
        var found = FindProgram(program) is not null;
        alerts.Set($"program-missing/{name}", !found, "error",
            $"{Environment.MachineName}: {name} not found",
            $"The program {name} ('{program}') is not found on {Environment.MachineName}: {consequence}. Install it (apt-get install {package}) or correct its path.",
            $"{Environment.MachineName}: {name} found again",
            $"The program {name} ('{program}') is found again on {Environment.MachineName}.");
    }

    /// <summary>The program's full path: as given when it has a slash, else the first executable in PATH.</summary>
    public static string? FindProgram(string program)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The DropBox daemon runs on Linux only.");
        }
        if (program.Contains('/', StringComparison.Ordinal))
        {
            return File.Exists(program) ? program : null;
        }
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, program);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }
        return null;
    }

    private static string Gib(long bytes) => (bytes / (1024.0 * 1024 * 1024)).ToString("0.00", CultureInfo.InvariantCulture) + " GiB";
}
