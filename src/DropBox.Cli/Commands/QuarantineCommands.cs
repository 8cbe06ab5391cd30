using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Hosting;
using DropBox.Daemon.Projects;
using DropBox.Daemon.Quarantine;

namespace DropBox.Cli;

/// <summary>
/// <c>dropbox quarantine list|show|retry|purge</c>: what the daemon set aside and why. Items are named by id,
/// sender, reason code, time, upload id, size and hash — never by the uploaded file's name.
/// Exit 0 ok, 1 not found or failed, 2 usage.
/// </summary>
internal static partial class QuarantineCommands
{
    public static Command Create(TimeProvider time)
    {
        var quarantine = new Command("quarantine", "List, show, retry or purge quarantined uploads.");
        quarantine.Subcommands.Add(CreateList(time));
        quarantine.Subcommands.Add(CreateShow(time));
        quarantine.Subcommands.Add(CreateRetry(time));
        quarantine.Subcommands.Add(CreatePurge(time));
        return quarantine;
    }

    private static Command CreateList(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var project = ProjectSelection.CreateOption();
        var sender = new Option<string?>("--sender") { Description = "Only this sender's items." };
        var command = new Command("list", "List quarantined items, oldest first (id, sender, reason code, time, upload id, size).") { config, project, sender };
        command.SetAction(result => WithProjects(result.GetValue(config)!, result.GetValue(project), projects =>
        {
            var rows = new List<string[]> { new[] { "PROJECT", "ID", "SENDER", "CODE", "TIME (UTC)", "UPLOAD", "SIZE" } };
            foreach (var (name, settings) in projects)
            {
                var who = result.GetValue(sender);
                if (who is not null && !settings.Senders.Contains(who, StringComparer.Ordinal))
                {
                    continue;
                }
                rows.AddRange(Store(settings, time).List(who).Select(i => new[]
                {
                    name, i.Id, i.Sender, i.Code, i.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    i.UploadId ?? "-", i.Size.ToString(CultureInfo.InvariantCulture),
                }));
            }
            if (rows.Count == 1)
            {
                Console.WriteLine("no quarantined items");
                return ExitCodes.Ok;
            }
            PrintTable(rows);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateShow(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var id = IdArgument();
        var command = new Command("show", "Show one item: its reason.json fields and message.") { id, config };
        command.SetAction(result => WithItem(result.GetValue(config)!, result.GetValue(id)!, time, (name, _, item) =>
        {
            Field("id", item.Id);
            Field("project", name);
            Field("sender", item.Sender);
            Field("code", item.Code);
            Field("time", item.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z");
            Field("upload", item.UploadId ?? "- (refused before it was claimed)");
            Field("kind", item.Kind);
            Field("size", $"{item.Size} bytes");
            Field("sha256", item.Sha256 ?? "-");
            Field("message", item.Message);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreateRetry(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var id = IdArgument();
        var command = new Command("retry", "Send an item back to the pipeline: the next pass claims it as a new upload.") { id, config };
        command.SetAction(result => WithItem(result.GetValue(config)!, result.GetValue(id)!, time, (name, settings, item) =>
        {
            if (QuarantineStore.RetryRefusal(item) is { } refusal)
            {
                Console.Error.WriteLine($"dropbox: {refusal}");
                return ExitCodes.Failed;
            }
            if (!settings.Senders.Contains(item.Sender, StringComparer.Ordinal))
            {
                Console.Error.WriteLine($"dropbox: sender {item.Sender} is no longer configured for project {name}: add it back before retrying {item.Id}");
                return ExitCodes.Failed;
            }
            try
            {
                Store(settings, time).Retry(item.Id);
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine($"dropbox: {ex.Message}");
                return ExitCodes.Failed;
            }
            Console.WriteLine($"quarantine item {item.Id} sent back for retry: the next pass of project {name} (within {settings.Intake.PollInterval}) claims it as a new upload");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command CreatePurge(TimeProvider time)
    {
        var config = ConfigOption.Create();
        var project = ProjectSelection.CreateOption();
        var sender = new Option<string?>("--sender") { Description = "With --older-than: only this sender's items." };
        var id = new Argument<string?>("ID") { Description = "The item to delete (see 'dropbox quarantine list').", Arity = ArgumentArity.ZeroOrOne };
        var olderThan = new Option<string?>("--older-than") { Description = "Delete every item quarantined longer ago than this: 30d, 12h, 90m or d.hh:mm:ss." };
        var command = new Command("purge", "Delete one item (ID) or every item older than --older-than, for good.") { id, olderThan, project, sender, config };
        command.SetAction(result =>
        {
            var one = result.GetValue(id);
            var age = result.GetValue(olderThan);
            if ((one is null) == (age is null))
            {
                Console.Error.WriteLine("dropbox: give either an item ID or --older-than AGE (e.g. 30d), not both and not neither");
                return ExitCodes.Usage;
            }
            if (one is not null)
            {
                return WithItem(result.GetValue(config)!, one, time, (name, settings, item) =>
                {
                    Store(settings, time).Purge(item.Id);
                    Console.WriteLine($"quarantine item {item.Id} of project {name} purged");
                    return ExitCodes.Ok;
                });
            }
            if (ParseAge(age!) is not { } limit)
            {
                Console.Error.WriteLine($"dropbox: --older-than '{age}' is not an age: use e.g. 30d, 12h, 90m or 7.00:00:00");
                return ExitCodes.Usage;
            }
            return WithProjects(result.GetValue(config)!, result.GetValue(project), projects =>
            {
                var total = 0;
                foreach (var (name, settings) in projects)
                {
                    var who = result.GetValue(sender);
                    if (who is not null && !settings.Senders.Contains(who, StringComparer.Ordinal))
                    {
                        continue;
                    }
                    var purged = Store(settings, time).Purge(limit, who);
                    total += purged;
                    Console.WriteLine($"{name}: {purged} item(s) older than {ProjectSelection.Age(limit)} purged");
                }
                Console.WriteLine($"{total} item(s) purged in all");
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    /// <summary>30d, 12h, 90m, 45s, or a TimeSpan (7.00:00:00); null when it is neither or not positive.</summary>
    internal static TimeSpan? ParseAge(string text)
    {
        var match = AgeShape().Match(text.Trim());
        if (match.Success)
        {
            var n = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var age = match.Groups[2].Value switch
            {
                "d" => TimeSpan.FromDays(n),
                "h" => TimeSpan.FromHours(n),
                "m" => TimeSpan.FromMinutes(n),
                _ => TimeSpan.FromSeconds(n),
            };
            return age > TimeSpan.Zero ? age : null;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero ? span : null;
    }

    private static Argument<string> IdArgument() => new("ID") { Description = "Quarantine item id, e.g. q-20261122080000-0f3a9c1b (see 'dropbox quarantine list')." };

    private static QuarantineStore Store(ProjectOptions settings, TimeProvider time) => new(settings.EffectiveWorkDirectory, time);

    private static int WithProjects(string configPath, string? project, Func<IReadOnlyList<(string Name, ProjectOptions Options)>, int> action)
    {
        var options = ProjectSelection.Load(configPath);
        var projects = options is null ? null : ProjectSelection.Select(options, project);
        return projects is null ? ExitCodes.Failed : Guard(() => action(projects));
    }

    /// <summary>Finds the item in whichever project holds it, then runs the action; exit 1 when no project does.</summary>
    private static int WithItem(string configPath, string id, TimeProvider time, Func<string, ProjectOptions, QuarantineItem, int> action) =>
        WithProjects(configPath, null, projects =>
        {
            foreach (var (name, settings) in projects)
            {
                if (Store(settings, time).Show(id) is { } item)
                {
                    return action(name, settings, item);
                }
            }
            Console.Error.WriteLine($"dropbox: no quarantine item '{id}' in any configured project; 'dropbox quarantine list' shows the ids");
            return ExitCodes.Failed;
        });

    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"dropbox: the quarantine cannot be read or changed ({PhiSafe.Describe(ex)}): run as the daemon's user, e.g. 'sudo -u dropbox dropbox quarantine …'");
            return ExitCodes.Failed;
        }
    }

    private static void Field(string label, string value) => Console.WriteLine($"{label,-8} {value}");

    private static void PrintTable(List<string[]> rows)
    {
        var widths = Enumerable.Range(0, rows[0].Length).Select(c => rows.Max(r => r[c].Length)).ToArray();
        foreach (var row in rows)
        {
            Console.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    [GeneratedRegex("^([0-9]{1,6})([dhms])$", RegexOptions.CultureInvariant)]
    private static partial Regex AgeShape();
}
