using DropBox.Daemon.Platform;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Sync;

/// <summary>
/// Brings the sync journal in line with the folder before anything is sent: new complete files become
/// <c>ready</c>, changed ones go back to <c>ready</c> (to replace the far copy), unsent rows of files that
/// vanished are forgotten (deletes are never propagated).
/// </summary>
/// <remarks>
/// Sync hashes every new or changed file itself rather than taking the outbox journal's hash: a same-size
/// replacement of a published file must get a new hash here, or the plain-file guard would take it for the
/// ciphertext it already judged.
/// </remarks>
internal sealed class SyncReconciler(ILogger logger, TimeProvider time)
{
    /// <returns>The relative paths of files complete now (quiet, or unchanged since the journal saw them).</returns>
    public HashSet<string> Reconcile(SyncRun run)
    {
        var scanned = SyncScanner.Scan(run.SourceDirectory, time.GetUtcNow(), run.Options.QuietPeriod);
        var rows = run.Journal.GetFiles(run.Project).ToDictionary(r => r.RelativePath, StringComparer.Ordinal);
        var quiet = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in scanned)
        {
            var known = rows.TryGetValue(file.RelativePath, out var row);
            if (known && row!.Size == file.Size && row.ModifiedAt == file.ModifiedAt)
            {
                quiet.Add(file.RelativePath);
                continue;
            }

            if (!file.IsQuiet)
            {
                continue; // still being written: looked at again by a later run
            }

            string sha;
            try
            {
                sha = FileHash.Sha256(file.FullPath);
            }
            catch (IOException)
            {
                continue; // vanished or unreadable right now; a later run sees it again
            }

            quiet.Add(file.RelativePath);
            Record(run, file, known ? row : null, sha);
        }

        ForgetVanished(run, rows.Values, scanned);
        return quiet;
    }

    private void Record(SyncRun run, ScannedFile file, SyncFileRecord? row, string sha)
    {
        if (row is null)
        {
            run.Journal.AddReady(run.Project, file.RelativePath, file.Size, sha, file.ModifiedAt, file.ModifiedAt);
        }
        else if (sha == row.Sha256)
        {
            run.Journal.UpdateModified(row.Id, file.ModifiedAt);
        }
        else
        {
            if (row.State == SyncFileState.Sent)
            {
                logger.ResendingChangedFile(run.Project, row.Id);
            }

            run.Journal.MarkChanged(row, file.Size, sha, file.ModifiedAt, time.GetUtcNow());
        }
    }

    private void ForgetVanished(SyncRun run, IEnumerable<SyncFileRecord> rows, IReadOnlyList<ScannedFile> scanned)
    {
        var present = scanned.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        var vanished = rows.Where(r => r.State != SyncFileState.Sent && !present.Contains(r.RelativePath)).Select(r => r.Id).ToList();
        if (vanished.Count > 0)
        {
            run.Journal.ForgetUnsent(vanished);
            logger.WaitingFilesVanished(run.Project, vanished.Count);
        }
    }
}
