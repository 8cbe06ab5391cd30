using System.CommandLine;

namespace DropBox.Cli;

/// <summary>Exit codes shared by every verb, so scripts can tell bad input from bad usage.</summary>
internal static class ExitCodes
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int Usage = 2;
    public const int SomeQuarantined = 3;
}

internal static class CliRunner
{
    /// <summary>Parses and runs; a usage error exits 2 with the parser's message, never a stack trace.</summary>
    public static int Run(RootCommand root, string[] args)
    {
        var result = root.Parse(args);
        if (result.Errors.Count > 0)
        {
            foreach (var error in result.Errors)
            {
                Console.Error.WriteLine($"dropbox: {error.Message}");
            }
            Console.Error.WriteLine("Run 'dropbox --help' for usage.");
            return ExitCodes.Usage;
        }
        return result.Invoke();
    }
}
