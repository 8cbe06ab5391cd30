using DropBox.Daemon.Platform;
using DropBox.Deidentify.Pixels.Cleaning;

namespace DropBox.Daemon.Deidentification;

/// <summary>
/// Decodes compressed pixel data for the Clean Pixel Data option with a Debian program run through the one
/// <see cref="ChildProcessRunner"/>: GDCM's <c>gdcmconv --raw</c> (every codec, JPEG 2000 included) or dcmtk's
/// <c>dcmdjpeg</c> / <c>dcmdrle</c> / <c>dcmdjpls</c>. Both write Explicit VR Little Endian. Input and output lie in
/// the caller's private work area; a failure says which program and exit code, never the program's stderr (it can
/// quote the file).
/// </summary>
internal sealed class ProgramPixelDecoder(string decoder, TimeProvider time) : IPixelDecoder
{
    /// <summary>A frame decodes in milliseconds; a long cine in seconds. Past this the disk or the program is stuck.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>The programs <paramref name="decoder"/> ("gdcmconv" or "dcmtk") runs, for <c>dropbox check</c>.</summary>
    public static IReadOnlyList<string> ProgramsOf(string decoder) =>
        decoder == PixelDecoders.Dcmtk ? ["dcmdjpeg", "dcmdrle", "dcmdjpls"] : ["gdcmconv"];

    public string? Decode(string inputPath, string transferSyntaxUid, string outputPath, CancellationToken cancellationToken)
    {
        // Full paths start with '/': never taken for an option (dcmtk has no "--" to end its options).
        if (CommandFor(transferSyntaxUid, Path.GetFullPath(inputPath), Path.GetFullPath(outputPath)) is not { } command)
        {
            return $"{decoder} decodes no transfer syntax {transferSyntaxUid}; PixelDecoder gdcmconv does";
        }
        var request = new ChildProcessRequest(command.Program, command.Arguments, Timeout);
        ChildProcessResult result;
        try
        {
            result = ChildProcessRunner.RunAsync(request, time, cancellationToken).GetAwaiter().GetResult();
        }
        catch (ChildProcessStartException)
        {
            return $"{command.Program} could not be started: install it (apt-get install {(decoder == PixelDecoders.Dcmtk ? "dcmtk" : "libgdcm-tools")})";
        }
        catch (TimeoutException)
        {
            return $"{command.Program} did not finish within {Timeout}";
        }
        if (result.ExitCode != 0 || !File.Exists(outputPath))
        {
            return $"{command.Program} exited with code {result.ExitCode}";
        }
        return null;
    }

    private (string Program, string[] Arguments)? CommandFor(string syntax, string input, string output)
    {
        if (decoder != PixelDecoders.Dcmtk)
        {
            return ("gdcmconv", ["--raw", input, output]);
        }
        var program = syntax switch
        {
            "1.2.840.10008.1.2.4.50" or "1.2.840.10008.1.2.4.51" or "1.2.840.10008.1.2.4.57" or "1.2.840.10008.1.2.4.70" => "dcmdjpeg",
            "1.2.840.10008.1.2.5" => "dcmdrle",
            "1.2.840.10008.1.2.4.80" or "1.2.840.10008.1.2.4.81" => "dcmdjpls",
            _ => null,
        };
        // "+te": Explicit VR Little Endian whatever the program's default.
        return program is null ? null : (program, ["+te", input, output]);
    }
}
