using System.CommandLine;

namespace DropBox.Cli;

/// <summary>
/// The verbs, in the order help lists them. A command line that starts with a verb gets only that verb's tree:
/// building every verb's options costs a one-shot command (`dropbox deid` on one file) a noticeable share of its
/// run. Anything else (no verb, --help, --version, a typo) gets every verb, so help and suggestions see them all.
/// </summary>
internal static class Verbs
{
    private static readonly (string Name, Func<TimeProvider, Command> Create, Action? Prepare)[] All =
    [
        ("version", _ => VersionCommand.Create(), null),
        ("dicom", _ => DicomCommands.Create(), null),
        ("deid", DeidCommands.Create, DeidCommands.Prepare),
        ("run", DaemonCommands.CreateRun, null),
        ("once", DaemonCommands.CreateOnce, null),
        ("check", CheckCommand.Create, null),
        ("pixel-rules", _ => PixelRuleCommands.Create(), null),
        ("project", _ => ProjectCommands.Create(), null),
        ("status", StatusCommand.Create, null),
        ("quarantine", QuarantineCommands.Create, null),
        ("sync", SyncCommand.Create, null),
    ];

    /// <summary>
    /// The commands to build for <paramref name="args"/>: the named verb alone (whose start-up work that needs no
    /// arguments, if any, is begun on another thread first), or all of them.
    /// </summary>
    /// <param name="time">The clock every verb that reads time is given (the program passes the system clock).</param>
    public static IEnumerable<Command> For(string[] args, TimeProvider time)
    {
        foreach (var (name, create, prepare) in All)
        {
            if (args.Length > 0 && string.Equals(args[0], name, StringComparison.Ordinal))
            {
                if (prepare is not null && !args.Contains("--help") && !args.Contains("-h"))
                {
                    ThreadPool.UnsafeQueueUserWorkItem(_ => prepare(), null);
                }
                return [create(time)];
            }
        }
        var commands = new Command[All.Length];
        for (var i = 0; i < All.Length; i++)
        {
            commands[i] = All[i].Create(time);
        }
        return commands;
    }

    /// <summary>The verb names, in help order.</summary>
    internal static IEnumerable<string> Names => All.Select(v => v.Name);
}
