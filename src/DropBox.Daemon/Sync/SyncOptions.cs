using System.Diagnostics.CodeAnalysis;

namespace DropBox.Daemon.Sync;

/// <summary>
/// How one project's <c>club_house/&lt;Direction&gt;/</c> folder is sent to the far site
/// (configuration section <c>DropBox:Projects:&lt;name&gt;:Sync</c>).
/// </summary>
internal sealed class SyncOptions
{
    /// <summary>Quartz cron expression of the sync job. The default value is every five minutes, <c>0 0/5 * * * ?</c>.</summary>
    public string Schedule { get; set; } = "0 0/5 * * * ?";

    /// <summary>An error-level alert is logged when the oldest unsent file is older than this. The default value is 1 hour.</summary>
    public TimeSpan AlertAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// A file is only sent once it has not been written for this long, so files still being written wait for
    /// the next run (the same rule as intake). The default value is 2 minutes.
    /// </summary>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Consecutive failed transfer attempts (without any file landing in between) before a run gives up and
    /// leaves the rest to the next run. The default value is 4.
    /// </summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>First retry delay within a run; doubled per failure, jittered. The default value is 5 seconds.</summary>
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Upper bound of one retry delay. The default value is 1 minute.</summary>
    public TimeSpan BackoffCap { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Files handed to the transport per step (upload, size check, rename) and journalled together. The default value is 200.</summary>
    public int FilesPerSession { get; set; } = 200;

    /// <summary>Time allowed to open the connection to the far server. The default value is 30 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Longest wait for any one answer of the far server (each SFTP request); keep-alives are sent every quarter
    /// of it, so an idle connection is not dropped by firewalls. The default value is 1 minute.
    /// </summary>
    public TimeSpan IoTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Upper bound of this project's upload rate in bytes per second, kept smoothly (small pieces, no catch-up
    /// bursts) so the hospital's other traffic keeps room on the link; 0 is unlimited. The default value is 0.
    /// </summary>
    public long MaxBytesPerSecond { get; set; }

    /// <summary>
    /// Glob patterns of paths below the club_house folder that this project calls identifiable: a matching
    /// file is never sent but held in the quarantine (<c>plain-dicom-in-club-house</c>), whatever its content,
    /// like a DICOM file found there. <c>*</c> stays within one folder level, <c>**</c> spans levels, <c>?</c>
    /// is one character; a pattern without '/' matches a file name in any folder; case is ignored
    /// (e.g. <c>["*.dcm", "exports/**"]</c>). The default value is none: only content decides.
    /// </summary>
    public List<string> IdentifiablePaths { get; set; } = [];

    /// <summary>
    /// Where files go. The default value is none: the project is processed as usual (uploads de-identified,
    /// encrypted and published into club_house) but nothing is sent to a far site; <c>dropbox check</c> warns.
    /// </summary>
    public SyncTargetOptions? Target { get; set; }

    /// <summary>True when a far site is configured, so there is something to sync to.</summary>
    [MemberNotNullWhen(true, nameof(Target))]
    public bool HasTarget => Target is not null;

    /// <summary>The lowest cap <see cref="MaxBytesPerSecond"/> accepts (below it a transfer would hit IoTimeout).</summary>
    public const long MinBytesPerSecond = 1024;

    /// <summary>Every problem with these options, each prefixed with <paramref name="prefix"/>; empty when valid.</summary>
    public IEnumerable<string> Validate(string prefix)
    {
        if (string.IsNullOrWhiteSpace(Schedule))
        {
            yield return $"{prefix}.Schedule: set a Quartz cron expression, e.g. \"0 0/5 * * * ?\" for every five minutes";
        }
        else if (!IsPlausibleQuartzCron(Schedule))
        {
            yield return $"{prefix}.Schedule: \"{Schedule}\" is not a Quartz cron expression (6 or 7 fields: sec min hour day-of-month month day-of-week [year]), e.g. \"0 0/5 * * * ?\"";
        }
        else if (QuartzCronProblem(Schedule) is { } problem)
        {
            yield return $"{prefix}.Schedule: \"{Schedule}\" is not a valid Quartz cron expression ({problem}); e.g. \"0 0/5 * * * ?\" for every five minutes";
        }

        if (AlertAfter <= TimeSpan.Zero)
        {
            yield return $"{prefix}.AlertAfter: must be positive (e.g. \"01:00:00\")";
        }

        if (QuietPeriod < TimeSpan.Zero)
        {
            yield return $"{prefix}.QuietPeriod: must not be negative (e.g. \"00:02:00\")";
        }

        if (MaxAttempts < 1)
        {
            yield return $"{prefix}.MaxAttempts: must be at least 1";
        }

        if (BackoffBase < TimeSpan.Zero || BackoffCap < BackoffBase)
        {
            yield return $"{prefix}.BackoffBase/BackoffCap: need 0 <= BackoffBase <= BackoffCap";
        }

        if (FilesPerSession < 1)
        {
            yield return $"{prefix}.FilesPerSession: must be at least 1";
        }

        if (ConnectTimeout < TimeSpan.FromSeconds(1))
        {
            yield return $"{prefix}.ConnectTimeout: must be at least one second";
        }

        if (IoTimeout < TimeSpan.FromSeconds(4))
        {
            yield return $"{prefix}.IoTimeout: must be at least four seconds";
        }

        if (MaxBytesPerSecond is < 0 or (> 0 and < MinBytesPerSecond))
        {
            yield return $"{prefix}.MaxBytesPerSecond: {MaxBytesPerSecond} is not a rate; use 0 (unlimited) or at least {MinBytesPerSecond} bytes per second (e.g. 5000000 for 5 MB/s)";
        }

        foreach (var pattern in IdentifiablePaths ?? [])
        {
            if (IdentifiablePathRule.Problem(pattern) is { } patternProblem)
            {
                yield return $"{prefix}.IdentifiablePaths: {patternProblem}";
            }
        }

        if (Target is null)
        {
            yield break; // no far site: a warning (NotSyncedWarning), not an error
        }

        foreach (var problem in Target.Validate(prefix + ".Target"))
        {
            yield return problem;
        }
    }

    // Quartz's own parser, so a schedule that passes 'dropbox check' is one the scheduler accepts.
    private static string? QuartzCronProblem(string cron)
    {
        // Quartz 4 has no IsValidExpression; its constructor is the parser the scheduler uses.
        try
        {
            _ = new Quartz.CronExpression(cron);
            return null;
        }
        catch (FormatException ex)
        {
            return ex.Message.TrimEnd('.');
        }
    }

    // Full parsing is Quartz's job at startup; this catches the common slips (5-field Unix cron, typos) early
    // with a message that says what shape is expected.
    private static bool IsPlausibleQuartzCron(string cron)
    {
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length is 6 or 7
            && fields.All(f => f.All(c => char.IsAsciiLetterOrDigit(c) || "*?/,-#L W".Contains(c, StringComparison.Ordinal)));
    }
}
