using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Intake;
using DropBox.Daemon.Journal;
using DropBox.Daemon.Pipeline;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Quarantine;
using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Hosting;

/// <summary>What <c>dropbox status</c> shows for one project: counts, ids and times only (never a file name).</summary>
/// <param name="Target">The far site, described without secrets; null when the project has none (nothing is synced).</param>
/// <param name="InboxReady">Files in the inboxes (and the retry folders) quiet and whole: the next pass claims them.</param>
/// <param name="InboxWriting">Files still inside their quiet period, or under a client's temp name (being written).</param>
/// <param name="InboxIncomplete">Quiet files whose content is incomplete: left in the inbox for the sender to resume.</param>
/// <param name="InboxRefused">Links, FIFOs and devices that the next pass moves to quarantine.</param>
/// <param name="InProgress">Claimed uploads the journal has not finished (Claimed, Waiting, Encrypted, Published).</param>
/// <param name="Quarantined">Items in the project's quarantine.</param>
/// <param name="OutboxFiles">Encrypted <c>.gpg</c> files under the club_house sync source.</param>
/// <param name="Sync">Sent and failed counts, last success, last error (null when nothing was ever synced).</param>
/// <param name="SyncWaiting">Files in the sync folder not sent yet, counted from the moment they are there.</param>
/// <param name="LastActivity">The journal's latest change for any upload of the project.</param>
/// <param name="Problems">What could not be read (e.g. an inbox that is not a directory).</param>
internal sealed record ProjectStatus(
    string Project,
    string? Target,
    int InboxReady,
    int InboxWriting,
    int InboxIncomplete,
    int InboxRefused,
    int InProgress,
    int Quarantined,
    int OutboxFiles,
    SyncStatus? Sync,
    SyncBacklog SyncWaiting,
    DateTimeOffset? LastActivity,
    IReadOnlyList<string> Problems);

/// <summary>Reads a project's status from its folders and the daemon's journal without changing anything.</summary>
internal static class ProjectStatusReader
{
    /// <param name="uploads">The upload journal, or null when the daemon has never run (no journal yet).</param>
    /// <param name="sync">The sync journal, or null likewise.</param>
    public static ProjectStatus Read(string name, ProjectOptions project, UploadJournal? uploads, SyncJournal? sync, TimeProvider time)
    {
        var problems = new List<string>();
        var scanner = new InboxScanner(time);
        var retries = new QuarantineStore(project.EffectiveWorkDirectory, time).Retries;
        // The daemon's own decision, on a throwaway memory: a quiet file is ready only when its content is whole.
        var triage = new InboxTriage(project.Intake, time, new CompletenessProbe(DicomCompleteness.Probe));
        int ready = 0, writing = 0, incomplete = 0, refused = 0;
        foreach (var sender in project.Senders)
        {
            try
            {
                var scan = scanner.Scan(project.InboxOf(sender), project.Intake.QuietPeriod);
                var held = scan.Complete.Count(c => triage.Decide(sender, c).Verdict == InboxVerdict.Hold);
                ready += scan.Complete.Count - held + retries.Pending(sender).Count;
                incomplete += held;
                writing += scan.Waiting + scan.UnderTemporaryNames;
                refused += scan.Refused.Count;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                problems.Add($"inbox of sender {sender} cannot be read: {PhiSafe.Describe(ex)}");
            }
        }

        var quarantined = 0;
        try
        {
            quarantined = new QuarantineStore(project.EffectiveWorkDirectory, time).List().Count;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"quarantine cannot be read (run as the daemon's user?): {PhiSafe.Describe(ex)}");
        }

        return new ProjectStatus(
            name,
            project.Sync.Target?.Describe(),
            ready,
            writing,
            incomplete,
            refused,
            uploads?.Unfinished(name).Count ?? 0,
            quarantined,
            CountOutbox(project.SyncSource, problems),
            sync?.GetStatus(name, time.GetUtcNow()),
            ReadBacklog(project.SyncSource, name, sync, time, problems),
            uploads?.LastActivity(name),
            problems);
    }

    private static SyncBacklog ReadBacklog(string syncSource, string project, SyncJournal? sync, TimeProvider time, List<string> problems)
    {
        try
        {
            return SyncBacklog.Read(syncSource, sync?.GetFiles(project) ?? [], time.GetUtcNow());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"club_house cannot be read: {PhiSafe.Describe(ex)}");
            return new SyncBacklog(0, null);
        }
    }

    private static int CountOutbox(string syncSource, List<string> problems)
    {
        if (!Directory.Exists(syncSource))
        {
            return 0;
        }
        try
        {
            // Temp names of the publisher start with a dot; only finished ciphertexts count.
            return Directory.EnumerateFiles(syncSource, "*.gpg", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .Count(f => !Path.GetFileName(f).StartsWith('.'));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add($"club_house cannot be read: {PhiSafe.Describe(ex)}");
            return 0;
        }
    }
}
