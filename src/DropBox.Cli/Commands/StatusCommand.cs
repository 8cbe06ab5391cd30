using System.CommandLine;
using DropBox.Daemon.Hosting;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Sync;

namespace DropBox.Cli;

/// <summary><c>dropbox status</c>: per project what waits, what is in progress, quarantined, in the outbox,
/// waiting to sync, and when things last happened. Counts, ids and times only: never a file name.</summary>
internal static class StatusCommand
{
    public static Command Create(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var project = ProjectSelection.CreateOption();
        var command = new Command("status", "Show per project: uploads waiting, in progress, quarantined, outbox, sync backlog, last sync and last activity.")
        {
            config, project,
        };
        command.SetAction(result =>
        {
            var options = ProjectSelection.Load(result.GetValue(config)!);
            if (options is null)
            {
                return ExitCodes.Failed;
            }
            var selected = ProjectSelection.Select(options, result.GetValue(project));
            if (selected is null)
            {
                return ExitCodes.Failed;
            }
            // Never create the journal here: a status run as another user (root) must not leave files the daemon cannot write.
            var journalPath = ProjectLayout.Journal(options);
            using var uploads = File.Exists(journalPath) ? new UploadJournal(journalPath, time) : null;
            using var sync = File.Exists(journalPath) ? new SyncJournal(journalPath) : null;
            var first = true;
            foreach (var (name, settings) in selected)
            {
                if (!first)
                {
                    Console.WriteLine();
                }
                first = false;
                Print(ProjectStatusReader.Read(name, settings, uploads, sync, time), time.GetUtcNow(), journalPath, uploads is null);
            }
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(ProjectStatus s, DateTimeOffset now, string journalPath, bool noJournal)
    {
        Console.WriteLine($"project {s.Project}");
        Line("target", s.Target ?? "none");
        Line("inboxes", $"{s.InboxReady} ready to claim, {s.InboxWriting} still being written"
            + (s.InboxIncomplete > 0 ? $", {s.InboxIncomplete} incomplete (left in the inbox for the sender to resume)" : "")
            + (s.InboxRefused > 0 ? $", {s.InboxRefused} refused (link/special file, quarantined next pass)" : ""));
        Line("in progress", $"{s.InProgress} upload(s)");
        Line("quarantined", $"{s.Quarantined} item(s)" + (s.Quarantined > 0 ? $" (dropbox quarantine list --project {s.Project})" : ""));
        Line("outbox", $"{s.OutboxFiles} .gpg file(s) in club_house");
        // From the sync folder itself: a published file waits from the moment it is there, before any sync run saw it.
        Line("sync waiting", s.SyncWaiting.Files == 0 ? "0 file(s)"
            : $"{s.SyncWaiting.Files} file(s), oldest waiting {ProjectSelection.Age(now - (s.SyncWaiting.OldestSince ?? now))}"
              + (s.Sync is { FilesFailed: > 0 } failed ? $", {failed.FilesFailed} failed at least once" : ""));
        if (s.Target is null)
        {
            Line("sync", "not configured (no Sync.Target): nothing is sent to a far site; 'dropbox check' says how to add one");
        }
        else if (s.Sync is { } sync)
        {
            Line("sync sent", $"{sync.FilesSent} file(s) in total");
            Line("last sync", ProjectSelection.When(sync.LastSuccessfulSync, now));
            Line("last sync error", sync.LastError is null ? "none"
                : sync.LastErrorAt is { } at && sync.LastSuccessfulSync is { } ok && ok > at
                    ? $"{ProjectSelection.When(at, now)}, resolved since: {sync.LastError}"
                    : $"{ProjectSelection.When(sync.LastErrorAt, now)}: {sync.LastError}");
        }
        else
        {
            Line("sync", "nothing recorded yet");
        }
        Line("last activity", noJournal ? $"never (no journal at {journalPath} yet)" : ProjectSelection.When(s.LastActivity, now));
        foreach (var problem in s.Problems)
        {
            Line("problem", problem);
        }
    }

    private static void Line(string label, string value) => Console.WriteLine($"  {label,-16} {value}");
}
