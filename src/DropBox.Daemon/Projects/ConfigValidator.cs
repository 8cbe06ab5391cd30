using System.Text.RegularExpressions;

namespace DropBox.Daemon.Projects;

/// <summary>
/// Checks a whole configuration and returns EVERY problem, each saying what to do, so an admin fixes them
/// in one round (Microsoft.Extensions.Options' ValidateOnStart reports all failures the same way).
/// Used at start, on every reload, and by <c>dropbox check</c>. Validating changes nothing on disk: a missing
/// state directory is made by the daemon when it starts (DaemonWork, in Hosting), not here.
/// </summary>
internal sealed partial class ConfigValidator(ProjectChecks checks)
{
    public async Task<IReadOnlyList<string>> ValidateAsync(DropBoxOptions options, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        CheckStateDirectory(options.StateDirectory, errors);
        errors.AddRange(options.Alerts.Validate("Alerts")); // issue 14
        errors.AddRange(options.Metrics.Validate("Metrics")); // issue 14
        if (options.Projects.Count == 0)
        {
            errors.Add("no projects are configured: add one with 'dropbox project init NAME --root DIR --direction From_A_To_B --sender S --receiver-key FILE'");
        }
        foreach (var (name, project) in options.Projects.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            await ValidateProjectAsync(name, project, errors, cancellationToken).ConfigureAwait(false);
        }
        CheckRootsAreDistinct(options, errors);
        return errors;
    }

    /// <summary>
    /// What works but deserves a look, never a reason to refuse the configuration: a project without a far site
    /// (no Sync.Target) is processed into club_house, and nothing of it is synced.
    /// </summary>
    public static IReadOnlyList<string> Warnings(DropBoxOptions options) =>
        options.Projects.Where(p => !p.Value.Sync.HasTarget).OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"project '{p.Key}': no far site (Sync.Target is not set): uploads are processed into club_house but nothing is synced; "
                + $"add one with 'dropbox project init {p.Key} … --target-local DIR' or '… --target-sftp user@host[:port]:/path "
                + "--target-identity KEY --target-known-hosts FILE' (the same arguments as before plus these), or set Sync.Target in its projects.d file")
            .ToList();

    private async Task ValidateProjectAsync(string name, ProjectOptions project, List<string> errors, CancellationToken cancellationToken)
    {
        var p = $"project '{name}'";
        if (!ProjectName().IsMatch(name))
        {
            errors.Add($"{p}: the name may use lower-case letters, digits and dashes only (it names folders and jobs)");
        }
        if (string.IsNullOrWhiteSpace(project.Root))
        {
            errors.Add($"{p}: Root is not set: give the project's home folder, e.g. /home/ji_{name}");
            return;
        }
        if (!Directory.Exists(project.Root))
        {
            errors.Add($"{p}: Root folder {project.Root} does not exist: create it or run 'dropbox project init'");
        }
        if (!Direction().IsMatch(project.Direction))
        {
            errors.Add($"{p}: Direction '{project.Direction}' must look like From_<SITE>_To_<SITE>, e.g. From_PKUHSC_To_UM");
        }
        if (project.Senders.Count == 0)
        {
            errors.Add($"{p}: Senders is empty: list at least one sender site code");
        }
        foreach (var sender in project.Senders)
        {
            if (!SenderName().IsMatch(sender))
            {
                errors.Add($"{p}: sender '{sender}' may use letters, digits, '_' and '-' only (it names folders)");
            }
            else if (string.Equals(sender, Sync.PlainFileGuard.ClubHouseSender, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{p}: sender '{sender}' is reserved: the quarantine files what it finds in club_house under that name; choose another site code");
            }
            else if (Directory.Exists(project.Root))
            {
                CheckWritableDirectory(project.InboxOf(sender), $"{p}: inbox of sender '{sender}'", errors);
                CheckWritableDirectory(project.OutboxOf(sender), $"{p}: outbox of sender '{sender}'", errors);
            }
        }
        if (project.Senders.Distinct(StringComparer.OrdinalIgnoreCase).Count() != project.Senders.Count)
        {
            errors.Add($"{p}: a sender is listed twice");
        }
        if (project.ReceiverKeys.Count == 0)
        {
            errors.Add($"{p}: ReceiverKeys is empty: give the receiver's OpenPGP public key file (exported with 'gpg --export --armor')");
        }
        foreach (var key in project.ReceiverKeys)
        {
            // Each project's keys through its own gpg: projects may set different Encrypt:GpgPath.
            var problems = await checks.CheckReceiverKeyAsync(key, project.Encrypt, cancellationToken).ConfigureAwait(false);
            errors.AddRange(problems.Select(problem => $"{p}: {problem}"));
        }
        errors.AddRange(checks.CheckDeidentify(project.Deidentify).Select(problem => $"{p}: {problem}"));
        errors.AddRange(project.Intake.Validate($"{p}: Intake"));
        errors.AddRange(project.Unpack.Validate($"{p}: Unpack"));
        errors.AddRange(project.Encrypt.Validate($"{p}: Encrypt"));
        errors.AddRange(project.Outbox.Validate($"{p}: Outbox"));
        errors.AddRange(project.Sync.Validate($"{p}: Sync"));
        errors.AddRange(project.Receipts.Validate($"{p}: Receipts")); // issue 14
        errors.AddRange(RetentionProblems(project).Select(problem => $"{p}: {problem}"));
        if (Directory.Exists(project.Root) && project.Senders.Count > 0 && SenderName().IsMatch(project.Senders[0]))
        {
            var problem = checks.CheckSameFilesystem(project.InboxOf(project.Senders[0]), project.EffectiveWorkDirectory);
            if (problem is not null)
            {
                errors.Add($"{p}: {problem}");
            }
        }
    }

    private static IEnumerable<string> RetentionProblems(ProjectOptions project)
    {
        if (project.KeepOriginalsFor < TimeSpan.Zero)
        {
            yield return "KeepOriginalsFor must not be negative (\"00:00:00\" removes originals once published, \"7.00:00:00\" keeps them a week)";
        }
        if (project.QuarantineRetention is { } q && q <= TimeSpan.Zero)
        {
            yield return "QuarantineRetention must be positive (e.g. \"30.00:00:00\"), or left out to keep quarantine items until an admin purges them";
        }
    }

    private static void CheckRootsAreDistinct(DropBoxOptions options, List<string> errors)
    {
        var roots = options.Projects.Where(p => !string.IsNullOrWhiteSpace(p.Value.Root))
            .Select(p => (Name: p.Key, Root: Path.TrimEndingDirectorySeparator(p.Value.Root) + Path.DirectorySeparatorChar))
            .OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
        for (var i = 0; i < roots.Count; i++)
        {
            for (var j = i + 1; j < roots.Count; j++)
            {
                if (roots[i].Root.StartsWith(roots[j].Root, StringComparison.Ordinal) || roots[j].Root.StartsWith(roots[i].Root, StringComparison.Ordinal))
                {
                    errors.Add($"projects '{roots[i].Name}' and '{roots[j].Name}' share the root {roots[i].Root.TrimEnd('/')}: each project needs its own root folder");
                }
            }
        }
    }

    /// <summary>The state directory is the daemon's own: a missing one is fine when the daemon can make it (its
    /// nearest existing parent is writable); the daemon makes it (0700) when it starts.</summary>
    private static void CheckStateDirectory(string path, List<string> errors)
    {
        if (Directory.Exists(path))
        {
            CheckWritableDirectory(path, "StateDirectory", errors);
            return;
        }
        var parent = ProjectChecks.NearestExistingAncestor(path);
        if (parent is null || !IsWritable(parent))
        {
            errors.Add($"StateDirectory: folder {path} cannot be created: create it for the daemon's user (mode 0700)");
        }
    }

    private static void CheckWritableDirectory(string path, string what, List<string> errors)
    {
        if (!Directory.Exists(path))
        {
            errors.Add($"{what}: folder {path} does not exist: create it (or run 'dropbox project init')");
            return;
        }
        if (!IsWritable(path))
        {
            errors.Add($"{what}: folder {path} is not writable by this user: fix its owner or mode");
        }
    }

    /// <summary>Creates and at once deletes a probe file (DeleteOnClose): nothing is left behind.</summary>
    private static bool IsWritable(string folder)
    {
        var probe = Path.Combine(folder, $".dropbox-write-probe-{Environment.ProcessId}");
        try
        {
            using (File.Create(probe, 1, FileOptions.DeleteOnClose))
            {
            }
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]*$")]
    private static partial Regex ProjectName();

    [GeneratedRegex("^From_[A-Za-z0-9-]+_To_[A-Za-z0-9-]+$")]
    private static partial Regex Direction();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]*$")]
    private static partial Regex SenderName();
}
