using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Sync;

/// <summary>
/// The stale-sync alert, apart from the run that sends files: an error-level event (1507) when a project's
/// oldest unsent file has waited longer than <c>Sync.AlertAfter</c>. Kept on its own so receipts/alerts/metrics
/// (issue 9) can take it over without touching the runner.
/// </summary>
internal static class StaleSyncAlert
{
    /// <summary>True when the oldest unsent file has waited longer than <paramref name="alertAfter"/>: the far site
    /// counts as down for the admins' alert (Notifications/ProjectEvents) from then until it is false again.</summary>
    public static bool IsDue(SyncStatus status, TimeSpan alertAfter) => status.OldestWaitingAge is { } age && age > alertAfter;

    /// <returns>True when the alert was raised.</returns>
    public static bool RaiseIfDue(ILogger logger, string project, SyncStatus status, TimeSpan alertAfter)
    {
        if (status.OldestWaitingAge is not { } age || age <= alertAfter)
        {
            return false;
        }

        logger.OldestUnsentTooOld(project, age, alertAfter, status.FilesWaiting, status.LastError);
        return true;
    }
}
