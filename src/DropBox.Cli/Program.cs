using DropBox.Cli;

// Each verb group lives in its own file under Commands/; this file only assembles them, and is the one place the
// system clock is chosen (every verb that reads time is given it).
var root = new System.CommandLine.RootCommand(
    "DropBox: de-identify, encrypt and forward research DICOM uploads between two sites.");
foreach (var command in Verbs.For(args, TimeProvider.System))
{
    root.Subcommands.Add(command);
}
return CliRunner.Run(root, args);
