using DropBox.Cli;

// Each verb group lives in its own file under Commands/; this file only assembles them.
var root = new System.CommandLine.RootCommand(
    "DropBox: de-identify, encrypt and forward research DICOM uploads between two sites.");
foreach (var command in Verbs.For(args))
{
    root.Subcommands.Add(command);
}
return CliRunner.Run(root, args);
