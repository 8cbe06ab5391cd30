using System.CommandLine;

namespace DropBox.Cli;

/// <summary>
/// The verbs, in the order help lists them. A command line that starts with a verb gets only that verb's tree:
/// building every verb's options costs a one-shot command (`dropbox deid` on one file) a noticeable share of its
/// run. Anything else (no verb, --help, --version, a typo) gets every verb, so help and suggestions see them all.
/// </summary>
internal static class Verbs
{
    private static readonly (string Name, Func<Command> Create)[] All =
    [
        ("version", VersionCommand.Create),
        ("dicom", DicomCommands.Create),
        ("deid", DeidCommands.Create),
        ("run", DaemonCommands.CreateRun),
        ("once", DaemonCommands.CreateOnce),
        ("check", CheckCommand.Create),
        ("project", ProjectCommands.Create),
        ("status", StatusCommand.Create),
        ("quarantine", QuarantineCommands.Create),
        ("sync", SyncCommand.Create),
    ];

    /// <summary>The commands to build for <paramref name="args"/>: the named verb alone, or all of them.</summary>
    public static IEnumerable<Command> For(string[] args)
    {
        foreach (var (name, create) in All)
        {
            if (args.Length > 0 && string.Equals(args[0], name, StringComparison.Ordinal))
            {
                return [create()];
            }
        }
        var commands = new Command[All.Length];
        for (var i = 0; i < All.Length; i++)
        {
            commands[i] = All[i].Create();
        }
        return commands;
    }

    /// <summary>The verb names, in help order.</summary>
    internal static IEnumerable<string> Names => All.Select(v => v.Name);
}
