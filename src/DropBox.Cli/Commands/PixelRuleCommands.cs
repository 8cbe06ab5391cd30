using System.CommandLine;
using DropBox.Deidentify.Pixels.Rules;
using DropBox.Dicom;

namespace DropBox.Cli;

/// <summary>
/// `dropbox pixel-rules …`: the rules that choose the rectangles of burned-in text to blank (docs/pixel-rules.md).
/// check validates files and names the line of each error; import reads a CTP DicomPixelAnonymizer script as it is;
/// builtin prints the default library; match shows which rules a DICOM file meets. Output names rules and
/// rectangles, never a value read from a DICOM file.
/// </summary>
internal static class PixelRuleCommands
{
    public static Command Create()
    {
        var command = new Command("pixel-rules", "Check, import (from CTP) and try the rules that choose burned-in text regions to blank.");
        command.Subcommands.Add(CreateCheck());
        command.Subcommands.Add(CreateImport());
        command.Subcommands.Add(CreateBuiltIn());
        command.Subcommands.Add(CreateMatch());
        return command;
    }

    private static Command CreateCheck()
    {
        var files = new Argument<string[]>("FILE") { Description = "Rules files to check.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("check", "Check rules files and list every error with its line and column (exit 1 if any).") { files };
        command.SetAction(result =>
        {
            var failed = false;
            foreach (var path in result.GetValue(files)!)
            {
                var errors = PixelRuleSet.CheckFile(path);
                if (errors.Count == 0)
                {
                    var rules = PixelRuleSet.LoadFile(path);
                    Console.WriteLine($"{path}: valid, {Describe(rules)}");
                    continue;
                }
                failed = true;
                PrintErrors(path, errors);
            }
            return failed ? ExitCodes.Failed : ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateImport()
    {
        var script = new Argument<string>("CTP-SCRIPT") { Description = "A CTP DicomPixelAnonymizer.script file." };
        var output = new Option<string?>("--output", "-o") { Description = "Write the rules in DropBox's format to this new file." };
        var command = new Command("import",
            "Read a CTP DicomPixelAnonymizer script as it is; report each line DropBox cannot read, or write the rules in DropBox's format.")
        {
            script, output,
        };
        command.SetAction(result => Import(result.GetValue(script)!, result.GetValue(output)));
        return command;
    }

    private static int Import(string script, string? output)
    {
        var errors = PixelRuleSet.CheckFile(script);
        if (errors.Count > 0)
        {
            PrintErrors(script, errors);
            return ExitCodes.Failed;
        }
        var rules = PixelRuleSet.LoadFile(script);
        if (output is null)
        {
            Console.WriteLine($"{script} reads as it is: {Describe(rules)}. DropBox's format is a superset of CTP's, so this file can be used unchanged.");
            Console.WriteLine(UnionNote);
            return ExitCodes.Ok;
        }
        var text = rules.Render($"Imported from {Path.GetFileName(script)} by 'dropbox pixel-rules import': {Describe(rules)}.\n{UnionNote}");
        var written = WriteNew(output, text);
        if (written is not null)
        {
            Console.Error.WriteLine($"dropbox: {written}");
            return ExitCodes.Failed;
        }
        Console.WriteLine($"{output}: written, {Describe(rules)}");
        Console.WriteLine(UnionNote);
        return ExitCodes.Ok;
    }

    private const string UnionNote =
        "Note: DropBox blanks the regions of every rule that matches a file; CTP blanks only the first matching rule's.";

    /// <summary>Writes beside the target and renames without replacing, so a half-written or overwritten file never appears.</summary>
    private static string? WriteNew(string path, string text)
    {
        if (File.Exists(path))
        {
            return $"{path} exists: choose another --output or remove it first";
        }
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.partial");
        try
        {
            File.WriteAllText(temporary, text);
            File.Move(temporary, path, overwrite: false);
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            return $"{path} cannot be written ({ex.GetType().Name}): check the folder exists and is writable";
        }
    }

    private static Command CreateBuiltIn()
    {
        var command = new Command("builtin", "Print the built-in rules library (a start for a site's own rules file).");
        command.SetAction(_ =>
        {
            Console.Write(PixelRuleSet.BuiltInText);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateMatch()
    {
        var file = new Argument<string>("DICOM-FILE") { Description = "The file whose header the rules are tried on." };
        var rulesFile = new Option<string?>("--rules") { Description = "A rules file, tried after the built-in library." };
        var noBuiltIn = new Option<bool>("--no-builtin") { Description = "Leave out the built-in library." };
        var command = new Command("match", "List the rules a DICOM file matches and the rectangles they blank (names and numbers only).")
        {
            file, rulesFile, noBuiltIn,
        };
        command.SetAction(result => Match(result.GetValue(file)!, result.GetValue(rulesFile), result.GetValue(noBuiltIn)));
        return command;
    }

    private static int Match(string path, string? rulesPath, bool noBuiltIn)
    {
        var sets = new List<PixelRuleSet>();
        if (!noBuiltIn)
        {
            sets.Add(PixelRuleSet.BuiltIn);
        }
        if (rulesPath is not null)
        {
            var errors = PixelRuleSet.CheckFile(rulesPath);
            if (errors.Count > 0)
            {
                PrintErrors(rulesPath, errors);
                return ExitCodes.Failed;
            }
            sets.Add(PixelRuleSet.LoadFile(rulesPath));
        }
        try
        {
            using var dicom = DicomFile.Open(path);
            var match = PixelRuleSet.Combine([.. sets]).Match(dicom);
            if (match.RuleNames.Count == 0)
            {
                Console.WriteLine("no rule matches");
                return ExitCodes.Ok;
            }
            foreach (var name in match.RuleNames)
            {
                Console.WriteLine($"rule {name}");
            }
            Console.WriteLine("regions " + string.Join(' ', match.Regions.Select(r => $"({r.X},{r.Y},{r.Width},{r.Height})")));
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DicomFormatException)
        {
            Console.Error.WriteLine($"dropbox: {path} cannot be read as DICOM ({ex.GetType().Name})");
            return ExitCodes.Failed;
        }
    }

    private static void PrintErrors(string path, IReadOnlyList<PixelRuleError> errors)
    {
        Console.Error.WriteLine($"{path}: {errors.Count} error(s):");
        foreach (var error in errors)
        {
            Console.Error.WriteLine($"  {error}");
        }
    }

    private static string Describe(PixelRuleSet rules) =>
        $"{rules.Rules.Count} rule(s), {rules.Rules.Sum(r => r.Regions.Count)} region(s)";
}
