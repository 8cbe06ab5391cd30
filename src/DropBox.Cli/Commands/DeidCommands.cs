using System.CommandLine;
using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Profile;
using DropBox.Deidentify.Pseudonyms;
using DropBox.Deidentify.Quarantine;

namespace DropBox.Cli;

/// <summary>`dropbox deid INPUT OUTPUT`: de-identify a file or a folder offline with the DropBox engine.</summary>
internal static class DeidCommands
{
    public const string DefaultStateDirectory = ".dropbox-deid-state";

    /// <summary>Begun when the command line names deid: SQLite loads while the arguments are parsed and checked.</summary>
    public static void Prepare() => SqlitePseudonymStore.Preload();

    public static Command Create(TimeProvider time)
    {
        var input = new Argument<string>("INPUT") { Description = "A DICOM file, or a folder de-identified recursively." };
        var output = new Argument<string>("OUTPUT") { Description = "The output folder." };
        var options = new Option<string[]>("--option")
        {
            Description = $"A PS3.15 option, repeatable: {string.Join(", ", DeidOptionCatalog.Names)}.",
            AllowMultipleArgumentsPerToken = true,
        };
        var keepNames = new Option<bool>("--keep-names") { Description = "Mirror the input's relative paths (to pair outputs with inputs) instead of <pseudonym>/<study>/<series>_<instance>.dcm." };
        var whatIf = new Option<bool>("--what-if") { Description = "Print, per file, each attribute path and the action that would be taken (never values); write nothing." };
        var state = new Option<string>("--state") { Description = $"Folder for the pseudonym map and project secret (default ./{DefaultStateDirectory})." };
        var project = new Option<string>("--project") { Description = "Project name: its own pseudonym numbering and secret (default 'default')." };
        var format = new Option<string>("--pseudonym-format") { Description = "Pseudonym pattern, {0} = number (default SUBJ-{0:0000})." };
        var relax = new Option<string[]>("--relax") { Description = $"Switch off a quarantine rule, repeatable: {string.Join(", ", QuarantineReasons.Relaxable)}.", AllowMultipleArgumentsPerToken = true };
        var config = new Option<string>("--config") { Description = "The daemon's appsettings.json: use --project's settings, pseudonym map and secret (the same the daemon uses)." };
        var jobs = new Option<int>("--jobs", "-j") { Description = "Files in parallel (default: the number of cores).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var command = new Command("deid", "De-identify DICOM files (PS3.15 Basic Profile, pseudonyms, quarantine, verifier).")
        {
            input, output, options, keepNames, whatIf, state, project, format, relax, config, jobs,
        };
        command.SetAction(result =>
        {
            if (result.GetValue(config) is { Length: > 0 } configPath)
            {
                return FromConfig(configPath, result.GetValue(project), result, input, output, keepNames, whatIf, jobs, time);
            }
            var settings = new DeidSettings
            {
                Options = [.. result.GetValue(options) ?? []],
                Relax = [.. result.GetValue(relax) ?? []],
            };
            if (result.GetValue(project) is { Length: > 0 } p)
            {
                settings.Project = p;
            }
            if (result.GetValue(format) is { Length: > 0 } f)
            {
                settings.PseudonymFormat = f;
            }
            var run = new DeidRun(settings, result.GetValue(state) ?? Path.Combine(Environment.CurrentDirectory, DefaultStateDirectory),
                result.GetValue(keepNames), result.GetValue(whatIf), Math.Max(1, result.GetValue(jobs)), time);
            return run.Execute(result.GetValue(input)!, result.GetValue(output)!, Console.Out, Console.Error);
        });
        return command;
    }

    /// <summary>--config: the project's own settings and state, so offline runs give the daemon's pseudonyms.</summary>
    private static int FromConfig(string configPath, string? project, ParseResult result, Argument<string> input, Argument<string> output,
        Option<bool> keepNames, Option<bool> whatIf, Option<int> jobs, TimeProvider time)
    {
        DropBox.Daemon.Projects.DropBoxOptions options;
        try
        {
            options = DropBox.Daemon.Projects.ConfigLoader.Load(configPath);
        }
        catch (DropBox.Daemon.Projects.ConfigException e)
        {
            e.Errors.ToList().ForEach(error => Console.Error.WriteLine($"dropbox deid: {error}"));
            return ExitCodes.Usage;
        }
        if (string.IsNullOrEmpty(project) || !options.Projects.TryGetValue(project, out var chosen))
        {
            Console.Error.WriteLine($"dropbox deid: --config needs --project, one of: {string.Join(", ", options.Projects.Keys)}.");
            return ExitCodes.Usage;
        }
        var run = new DeidRun(chosen.Deidentify, Path.GetDirectoryName(DropBox.Daemon.Projects.ProjectLayout.SecretFile(options, project))!,
            result.GetValue(keepNames), result.GetValue(whatIf), Math.Max(1, result.GetValue(jobs)), time)
        {
            SecretFile = DropBox.Daemon.Projects.ProjectLayout.SecretFile(options, project),
            StoreFile = DropBox.Daemon.Projects.ProjectLayout.PseudonymStore(options, project),
        };
        return run.Execute(result.GetValue(input)!, result.GetValue(output)!, Console.Out, Console.Error);
    }
}
