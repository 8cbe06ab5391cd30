using System.Diagnostics;

namespace DropBox.Daemon.Diagnostics;

/// <summary>
/// TEST SEAM ONLY. When the environment variable <c>DROPBOX_TEST_CRASH_AT=&lt;point&gt;[:&lt;n&gt;]</c> is set, the
/// process kills itself with SIGKILL the n-th time (default 1) it reaches the named point, so the crash-safety
/// tests can stop the daemon between any two journaled steps. Without the variable every call is a no-op.
/// Never set it in production.
/// </summary>
internal static class CrashPoints
{
    public const string Variable = "DROPBOX_TEST_CRASH_AT";

    private static readonly (string Point, int Count)? Target = Parse(Environment.GetEnvironmentVariable(Variable));
    private static int _hits;

    /// <summary>Marks that the process reached <paramref name="point"/>; SIGKILLs it when the variable asks for it.</summary>
    public static void Hit(string point)
    {
        if (Target is not { } target || !string.Equals(target.Point, point, StringComparison.Ordinal))
        {
            return;
        }
        if (Interlocked.Increment(ref _hits) == target.Count)
        {
            Console.Error.WriteLine($"dropbox: {Variable}: killing the process at {point} (hit {target.Count})");
            Console.Error.Flush();
            // SIGKILL on Unix: no finally blocks, no flushing, exactly like a power cut of the process.
            Process.GetCurrentProcess().Kill();
        }
    }

    private static (string, int)? Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var colon = value.LastIndexOf(':');
        return colon > 0 && int.TryParse(value.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var n) && n > 0
            ? (value[..colon], n)
            : (value, 1);
    }
}
