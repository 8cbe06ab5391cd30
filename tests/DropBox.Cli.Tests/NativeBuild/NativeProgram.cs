using DropBox.Testing;

namespace DropBox.Cli.Tests.NativeBuild;

/// <summary>
/// The native <c>dropbox</c> program, published once per test run by <c>scripts/publish.sh --native-only</c>, the
/// script README's install uses. The native build is what servers run, and it differs from the managed build the
/// other tests start: no JIT, trimmed, configuration bound and JSON written by generated code. A publish failure is a
/// test failure, never a skip: scripts/test.sh installs the C toolchain the native build needs.
/// </summary>
internal static class NativeProgram
{
    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Full path of the published native program (publishes on first use, about a minute).</summary>
    public static string Path => Published.Value;

    private static string Publish()
    {
        // Beside the test assembly, so a new test build starts from nothing and nothing is left in /tmp.
        var output = System.IO.Path.Combine(AppContext.BaseDirectory, "native-dropbox");
        var result = ProcessRunner.Run("bash", [System.IO.Path.Combine(RepoPaths.RepoRoot, "scripts", "publish.sh"), output, "--native-only"],
            timeout: TimeSpan.FromMinutes(25), // an AOT link on a busy 2-core machine has taken over 10 minutes
            env: new Dictionary<string, string?> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["MSBUILDDISABLENODEREUSE"] = "1" });
        var program = System.IO.Path.Combine(output, "dropbox");
        if (result.ExitCode != 0 || !File.Exists(program))
        {
            throw new InvalidOperationException("scripts/publish.sh --native-only did not publish the native program: " + result.Describe());
        }
        return program;
    }
}
