using DropBox.Cli;

// Each verb group lives in its own file under Commands/; this file only assembles them.
var root = new System.CommandLine.RootCommand(
    "DropBox: de-identify, encrypt and forward research DICOM uploads between two sites.");
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(DicomCommands.Create());
root.Subcommands.Add(DeidCommands.Create());
root.Subcommands.Add(DaemonCommands.CreateRun());
root.Subcommands.Add(DaemonCommands.CreateOnce());
root.Subcommands.Add(CheckCommand.Create());
root.Subcommands.Add(ProjectCommands.Create());
root.Subcommands.Add(StatusCommand.Create());
root.Subcommands.Add(QuarantineCommands.Create());
root.Subcommands.Add(SyncCommand.Create());
return CliRunner.Run(root, args);
