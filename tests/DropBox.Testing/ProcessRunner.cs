using System.Diagnostics;
using System.Text;

namespace DropBox.Testing;

/// <summary>
/// Runs a program to completion with captured output and a hard timeout. On timeout the whole process tree is
/// killed and a <see cref="TimeoutException"/> is thrown, so a stuck oracle or CLI fails the test instead of
/// hanging the run.
/// </summary>
public static class ProcessRunner
{
    /// <summary>Used when no timeout is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    /// <param name="file">Program name (looked up on PATH) or path.</param>
    /// <param name="args">Arguments, passed as a list (no shell quoting).</param>
    /// <param name="stdin">Text written to standard input, which is then closed; null closes it at once.</param>
    /// <param name="timeout">Hard limit; default <see cref="DefaultTimeout"/>.</param>
    /// <param name="env">Environment overrides; a null value removes the variable.</param>
    /// <param name="workingDirectory">Working directory; default the current one.</param>
    /// <param name="outputEncoding">Decoding of stdout/stderr; default UTF-8.</param>
    public static ProcessResult Run(
        string file,
        IEnumerable<string> args,
        string? stdin = null,
        TimeSpan? timeout = null,
        IReadOnlyDictionary<string, string?>? env = null,
        string? workingDirectory = null,
        Encoding? outputEncoding = null)
    {
        var argList = args.ToList();
        var commandLine = string.Join(' ', new[] { file }.Concat(argList.Select(Quote)));
        var psi = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = outputEncoding ?? new UTF8Encoding(false),
            StandardErrorEncoding = outputEncoding ?? new UTF8Encoding(false),
        };
        if (workingDirectory is not null)
        {
            psi.WorkingDirectory = workingDirectory;
        }
        foreach (var a in argList)
        {
            psi.ArgumentList.Add(a);
        }
        if (env is not null)
        {
            foreach (var (key, value) in env)
            {
                if (value is null)
                {
                    psi.Environment.Remove(key);
                }
                else
                {
                    psi.Environment[key] = value;
                }
            }
        }

        using var process = new Process { StartInfo = psi };
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot start `{commandLine}`: {e.Message} (is it installed?)", e);
        }

        var stdoutTask = process.StandardOutput.ReadToEndAsync();
        var stderrTask = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited without reading its input; its exit code tells the story.
        }

        var limit = timeout ?? DefaultTimeout;
        if (!process.WaitForExit(limit))
        {
            KillTree(process);
            throw new TimeoutException($"`{commandLine}` did not finish within {limit.TotalSeconds:0} s; killed it.");
        }
        process.WaitForExit(); // flushes the async readers
        // A grandchild that inherited the pipes could keep them open; don't wait for it forever.
        if (!Task.WaitAll([stdoutTask, stderrTask], TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"`{commandLine}` exited but its output pipes stayed open (a child process left running?).");
        }
        return new ProcessResult(process.ExitCode, stdoutTask.Result, stderrTask.Result, commandLine);
    }

    /// <summary>Same as <see cref="Run(string, IEnumerable{string}, string?, TimeSpan?, IReadOnlyDictionary{string, string?}?, string?, Encoding?)"/> with just arguments.</summary>
    public static ProcessResult Run(string file, params string[] args) => Run(file, (IEnumerable<string>)args);

    private static void KillTree(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Quote(string arg) =>
        arg.Length > 0 && arg.All(c => char.IsLetterOrDigit(c) || "-_./=:,+@%".Contains(c)) ? arg : $"'{arg.Replace("'", "'\\''", StringComparison.Ordinal)}'";
}
