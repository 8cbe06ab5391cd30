using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Quarantine;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Pipeline;

/// <summary>
/// Runs at the start of each pass: deletes the originals kept (per <c>KeepOriginalsFor</c>) in
/// <c>&lt;work&gt;/uploads/&lt;id&gt;/</c> once their upload has been Done for that long (the journal's Updated
/// time of the Done row), and quarantine items older than <c>QuarantineRetention</c> when that is set.
/// Only Done uploads are touched: an unfinished one is the pipeline's, never the sweeper's.
/// </summary>
internal sealed partial class RetentionSweeper(
    string project,
    ProjectOptions options,
    UploadClaimer claimer,
    QuarantineStore quarantine,
    UploadJournal journal,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Returns how many kept originals and quarantine items were deleted. Never throws for I/O:
    /// retention is housekeeping and must not stop the pass.</summary>
    public (int Originals, int QuarantineItems) Sweep()
    {
        var originals = 0;
        var quarantined = 0;
        try
        {
            originals = SweepOriginals();
            // A kill between making a quarantine item's folder and writing its reason leaves an empty folder behind.
            quarantined += quarantine.RemoveUnexplained(TimeSpan.FromMinutes(1));
            if (options.QuarantineRetention is { } keep && keep > TimeSpan.Zero)
            {
                quarantined = quarantine.Purge(keep);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            LogSweepFailed(logger, project, PhiSafe.Describe(ex), ScrubbedException.From(ex));
        }
        if (originals + quarantined > 0)
        {
            LogSwept(logger, project, originals, quarantined);
        }
        return (originals, quarantined);
    }

    private int SweepOriginals()
    {
        var uploads = claimer.UploadsDirectory;
        if (!Directory.Exists(uploads))
        {
            return 0;
        }
        var cutoff = time.GetUtcNow() - options.KeepOriginalsFor;
        var deleted = 0;
        foreach (var directory in Directory.EnumerateDirectories(uploads))
        {
            var id = Path.GetFileName(directory);
            if (!UploadId.IsValid(id) || journal.Get(id) is not { State: UploadState.Done } done)
            {
                continue;
            }
            // Done means published and cleaned: what is left here is the kept original and its claim.json.
            if (done.Updated <= cutoff)
            {
                Directory.Delete(directory, recursive: true);
                deleted++;
            }
        }
        return deleted;
    }

    [LoggerMessage(EventId = 1250, Level = LogLevel.Information, Message = "Project {Project}: retention removed {Originals} kept original(s) and {QuarantineItems} old quarantine item(s)")]
    private static partial void LogSwept(ILogger logger, string project, int originals, int quarantineItems);

    [LoggerMessage(EventId = 1251, Level = LogLevel.Warning, Message = "Project {Project}: retention sweep stopped early and runs again next pass: {Error}")]
    private static partial void LogSweepFailed(ILogger logger, string project, string error, Exception exception);
}
