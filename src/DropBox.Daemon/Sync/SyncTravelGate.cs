using DropBox.Daemon.Diagnostics;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Sync;

/// <summary>
/// Decides which waiting files may travel this run, in sending order: complete ones, judged by the plain-file
/// guard (content already judged, by its SHA-256, is not read again; new and changed content is judged once),
/// with a name the far end can take. A held file is in the quarantine and its unsent row is forgotten; a file
/// that changed or vanished meanwhile waits for the next run's scan.
/// </summary>
internal sealed class SyncTravelGate(ILogger logger, TimeProvider time)
{
    /// <param name="quiet">The paths the reconciler found complete.</param>
    /// <param name="outcomes">Receives the outcome of every waiting file that may not travel.</param>
    /// <returns>The files to send: fewest attempts first, then longest waiting, then by path.</returns>
    public List<SyncFileRecord> Admit(SyncRun run, PlainFileGuard guard, IReadOnlySet<string> quiet, ICollection<SyncOutcome> outcomes)
    {
        var pending = new List<SyncFileRecord>();
        foreach (var row in run.Journal.GetFiles(run.Project).Where(r => r.State != SyncFileState.Sent && quiet.Contains(r.RelativePath)))
        {
            if (Judge(run, guard, row) is { } turnedAway)
            {
                outcomes.Add(turnedAway);
                continue;
            }

            if (row.RelativePath.Any(char.IsControl))
            {
                const string Reason = "its name contains a control character; rename the file";
                run.Journal.MarkFailed([row.Id], Reason, time.GetUtcNow());
                logger.FileRefused(run.Project, row.Id, Reason);
                outcomes.Add(SyncOutcome.Refused(row, Reason));
                continue;
            }

            pending.Add(row);
            if (row.State is SyncFileState.Uploading)
            {
                run.Uncertain.Add(row.Id);
            }
        }

        pending.Sort((a, b) => a.Attempts != b.Attempts ? a.Attempts.CompareTo(b.Attempts)
            : a.WaitingSince != b.WaitingSince ? a.WaitingSince.CompareTo(b.WaitingSince)
            : string.CompareOrdinal(a.RelativePath, b.RelativePath));
        return pending;
    }

    /// <returns>Null when the file may travel, else why not.</returns>
    private SyncOutcome? Judge(SyncRun run, PlainFileGuard guard, SyncFileRecord row)
    {
        if (row.CheckedSha256 == row.Sha256)
        {
            return null;
        }

        var path = run.LocalPath(row);
        PlainFileOutcome verdict;
        Quarantine.QuarantineItem? item;
        try
        {
            if (!IsAsScanned(path, row))
            {
                return SyncOutcome.Skipped(row);
            }

            verdict = guard.Check(row.RelativePath, path, row.Sha256, out item);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.GuardCouldNotJudge(run.Project, row.Id, PhiSafe.Describe(ex), ScrubbedException.From(ex));
            return SyncOutcome.Skipped(row);
        }

        if (verdict == PlainFileOutcome.Held)
        {
            run.Journal.ForgetUnsent([row.Id]);
            logger.PlainFileHeld(run.Project, row.Id, item!.Id, item.Code, item.Message);
            if (row.State == SyncFileState.Uploading)
            {
                // Only a row from before the guard existed can be mid-transfer without having been judged.
                logger.HeldFileMayHaveLanded(run.Project, row.Id, item.Id);
            }

            return SyncOutcome.HeldByGuard(row);
        }

        // What is sent must be what was judged: a file written to meanwhile waits for the next scan.
        if (!IsAsScanned(path, row))
        {
            return SyncOutcome.Skipped(row);
        }

        run.Journal.MarkChecked(row.Id, row.Sha256);
        return null;
    }

    private static bool IsAsScanned(string path, SyncFileRecord row)
    {
        var file = new FileInfo(path);
        return file.Exists && file.Length == row.Size && new DateTimeOffset(file.LastWriteTimeUtc, TimeSpan.Zero) == row.ModifiedAt;
    }
}
