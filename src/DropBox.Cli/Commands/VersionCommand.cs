using System.CommandLine;
using System.Reflection;

namespace DropBox.Cli;

internal static class VersionCommand
{
    public static string Version =>
        typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static Command Create()
    {
        var command = new Command("version", "Print the DropBox version.");
        command.SetAction(_ =>
        {
            Console.WriteLine($"dropbox {Version}");
            return ExitCodes.Ok;
        });
        return command;
    }
}
