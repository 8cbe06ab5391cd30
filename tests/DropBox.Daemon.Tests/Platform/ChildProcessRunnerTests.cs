using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Tests.Platform;

public sealed class ChildProcessRunnerTests
{
    private static readonly TimeSpan Long = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Stdin_goes_in_and_stdout_stderr_and_the_exit_code_come_back()
    {
        var request = new ChildProcessRequest("/bin/sh", ["-c", "cat; echo oops >&2; exit 3"], Long) { StandardInput = "hello" };

        var result = await ChildProcessRunner.RunAsync(request, TimeProvider.System, CancellationToken.None);

        Assert.Equal(new ChildProcessResult(3, "hello", "oops\n"), result);
    }

    [Fact]
    public async Task Binary_stdin_reaches_the_child_byte_for_byte()
    {
        var bytes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var request = new ChildProcessRequest("/bin/sh", ["-c", "od -An -v -tu1 | tr -s ' \\n' ' '"], Long) { StandardInputBytes = bytes };

        var result = await ChildProcessRunner.RunAsync(request, TimeProvider.System, CancellationToken.None);

        Assert.Equal(string.Join(' ', bytes), result.StandardOutput.Trim());
    }

    [Fact]
    public async Task The_environment_is_set_and_removed_variables_are_not_inherited()
    {
        Environment.SetEnvironmentVariable("DBX_RUNNER_TEST_DROP", "leak");
        var request = new ChildProcessRequest("/bin/sh", ["-c", "echo \"$DBX_RUNNER_TEST_SET-${DBX_RUNNER_TEST_DROP:-none}\""], Long)
        {
            Environment = new Dictionary<string, string> { ["DBX_RUNNER_TEST_SET"] = "set" },
            RemovedEnvironment = ["DBX_RUNNER_TEST_DROP"],
        };

        var result = await ChildProcessRunner.RunAsync(request, TimeProvider.System, CancellationToken.None);

        Assert.Equal("set-none\n", result.StandardOutput);
    }

    [Fact]
    public async Task A_child_past_its_timeout_is_killed_and_reported_as_a_timeout()
    {
        var request = new ChildProcessRequest("/bin/sleep", ["30"], TimeSpan.FromMilliseconds(200));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => ChildProcessRunner.RunAsync(request, TimeProvider.System, CancellationToken.None));

        Assert.StartsWith("sleep did not finish within", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_kills_the_child_and_is_not_a_timeout()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var request = new ChildProcessRequest("/bin/sleep", ["30"], Long);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ChildProcessRunner.RunAsync(request, TimeProvider.System, cancel.Token));
    }

    [Fact]
    public async Task A_missing_program_is_a_start_error()
    {
        var request = new ChildProcessRequest("/nonexistent/tool", [], Long);

        await Assert.ThrowsAsync<ChildProcessStartException>(() => ChildProcessRunner.RunAsync(request, TimeProvider.System, CancellationToken.None));
    }
}
