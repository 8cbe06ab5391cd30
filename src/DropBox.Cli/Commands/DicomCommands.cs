using System.CommandLine;
using DropBox.Dicom;

namespace DropBox.Cli;

/// <summary>`dropbox dicom …`: look inside DICOM files and exercise the codec (dump, rewrite, make-sample).</summary>
internal static class DicomCommands
{
    public static Command Create()
    {
        var command = new Command("dicom", "Inspect and rewrite DICOM files with the DropBox codec.");
        command.Subcommands.Add(CreateDump());
        command.Subcommands.Add(CreateRewrite());
        command.Subcommands.Add(CreateMakeSample());
        command.Subcommands.Add(CreateMakeSampleSeries());
        return command;
    }

    private static Command CreateDump()
    {
        var file = new Argument<string>("FILE") { Description = "The DICOM file to list." };
        var command = new Command("dump", "List every element: tag path, VR, length and a short value.") { file };
        command.SetAction(result => DicomDump.Run(result.GetValue(file)!, Console.Out, Console.Error));
        return command;
    }

    private static Command CreateRewrite()
    {
        var input = new Argument<string>("IN") { Description = "A DICOM file, or a folder to rewrite recursively." };
        var output = new Argument<string>("OUT") { Description = "The file (or folder) to write." };
        var jobs = new Option<int>("--jobs", "-j")
        {
            Description = "Files rewritten in parallel in folder mode (default: the number of cores).",
            DefaultValueFactory = _ => Environment.ProcessorCount,
        };
        var command = new Command("rewrite", "Read DICOM and write it back unchanged (Part 10, rebuilt meta group).") { input, output, jobs };
        command.SetAction(result => DicomRewrite.Run(result.GetValue(input)!, result.GetValue(output)!, Math.Max(1, result.GetValue(jobs))));
        return command;
    }

    private static Command CreateMakeSample()
    {
        var output = new Argument<string>("OUT") { Description = "Where to write the sample file." };
        var seed = new Option<int>("--seed") { Description = "Seed for the invented pixel pattern and UIDs (default 1).", DefaultValueFactory = _ => 1 };
        var size = new Option<int>("--size") { Description = "Rows and columns of the image (default 64).", DefaultValueFactory = _ => 64 };
        var syntax = new Option<string>("--syntax")
        {
            Description = "Transfer syntax: explicit (default), implicit, big-endian or deflated.",
            DefaultValueFactory = _ => "explicit",
        };
        syntax.AcceptOnlyFromAmong("explicit", "implicit", "big-endian", "deflated");
        var command = new Command("make-sample", "Write a small synthetic MR image with invented values only.") { output, seed, size, syntax };
        command.SetAction(result =>
        {
            var ts = result.GetValue(syntax) switch
            {
                "implicit" => TransferSyntax.ImplicitVRLittleEndian,
                "big-endian" => TransferSyntax.ExplicitVRBigEndian,
                "deflated" => TransferSyntax.DeflatedExplicitVRLittleEndian,
                _ => TransferSyntax.ExplicitVRLittleEndian,
            };
            var rows = Math.Clamp(result.GetValue(size), 1, 4096);
            using var file = SampleImage.Create(result.GetValue(seed), rows, ts);
            file.Save(result.GetValue(output)!);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command CreateMakeSampleSeries()
    {
        var output = new Argument<string>("OUT.zip") { Description = "Where to write the zip of the series." };
        var seed = new Option<int>("--seed") { Description = "Seed of the invented series (default 1).", DefaultValueFactory = _ => 1 };
        var count = new Option<int>("--count") { Description = "Number of slices (default 3).", DefaultValueFactory = _ => 3 };
        var command = new Command("make-sample-series", "Write a zip holding one synthetic MR series (invented values only), as a sender would upload it.")
        {
            output, seed, count,
        };
        command.SetAction(result =>
        {
            SampleSeries.WriteZip(result.GetValue(output)!, result.GetValue(seed), Math.Clamp(result.GetValue(count), 1, 1000));
            return ExitCodes.Ok;
        });
        return command;
    }
}
