namespace DropBox.Testing;

/// <summary>
/// Runs the built <c>dropbox</c> CLI as a real process (<c>dotnet dropbox.dll ARGS</c>), or a published native
/// <c>dropbox</c> program when a test names one (<c>executable</c>). The managed build is found in the test
/// output folder when the test project references src/DropBox.Cli (DropBox.Cli.Tests does), else at
/// src/DropBox.Cli/bin/&lt;Configuration&gt;/net10.0/dropbox.dll in the same configuration as the tests.
/// </summary>
public static class DropBoxCli
{
    /// <summary>Full path of dropbox.dll (it may not exist if the CLI was not built).</summary>
    public static string DllPath
    {
        get
        {
            var beside = Path.Combine(AppContext.BaseDirectory, "dropbox.dll");
            if (File.Exists(beside) && File.Exists(Path.Combine(AppContext.BaseDirectory, "dropbox.runtimeconfig.json")))
            {
                return beside;
            }
            return Path.Combine(RepoPaths.RepoRoot, "src", "DropBox.Cli", "bin", RepoPaths.Configuration, "net10.0", "dropbox.dll");
        }
    }

    /// <summary>The dotnet host running the tests (DOTNET_HOST_PATH, set by the dotnet CLI), else "dotnet".</summary>
    public static string DotnetHost =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <c>dropbox ARGS</c> with the default timeout.</summary>
    public static ProcessResult Run(params string[] args) => Run(args, timeout: null);

    /// <summary>Runs <c>dropbox ARGS</c>; see <see cref="ProcessRunner.Run(string, IEnumerable{string}, string?, TimeSpan?, IReadOnlyDictionary{string, string?}?, string?, System.Text.Encoding?)"/>.</summary>
    /// <param name="executable">A published <c>dropbox</c> program to run instead of <c>dotnet dropbox.dll</c>.</param>
    public static ProcessResult Run(IEnumerable<string> args, TimeSpan? timeout, string? stdin = null,
        IReadOnlyDictionary<string, string?>? env = null, string? workingDirectory = null, string? executable = null)
    {
        var dll = DllPath;
        if (executable is null && !File.Exists(dll))
        {
            throw new InvalidOperationException(
                $"dropbox.dll not found at {dll}: build src/DropBox.Cli in the {RepoPaths.Configuration} configuration first.");
        }
        // Plain-English messages regardless of the machine's culture; no telemetry banner noise.
        var environment = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        if (env is not null)
        {
            foreach (var (k, v) in env)
            {
                environment[k] = v;
            }
        }
        return executable is null
            ? ProcessRunner.Run(DotnetHost, new[] { dll }.Concat(args), stdin, timeout, environment, workingDirectory)
            : ProcessRunner.Run(executable, args, stdin, timeout, environment, workingDirectory);
    }
}
