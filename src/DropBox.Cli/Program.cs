using DropBox.Cli;

// Each verb group lives in its own file under Commands/; this file only assembles them.
var root = new System.CommandLine.RootCommand(
    "DropBox: de-identify, encrypt and forward research DICOM uploads between two sites.");
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(DicomCommands.Create());
return CliRunner.Run(root, args);
