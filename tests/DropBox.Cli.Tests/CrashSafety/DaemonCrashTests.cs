using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>
/// Issue 4, "crash safety", for the long-running daemon: <c>dropbox run</c> is SIGKILLed mid-batch (once at a
/// chosen step, once by a plain <c>kill -9</c> from outside), restarted, finishes every upload exactly once,
/// and then stops gracefully on SIGTERM with exit code 0.
/// </summary>
public sealed class DaemonCrashTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [ToolFact("gpg", "dcmdump", "sqlite3", "kill")]
    public void A_daemon_killed_mid_batch_finishes_every_upload_exactly_once_after_a_restart_and_stops_cleanly_on_sigterm()
    {
        using var bed = new CrashBed();
        bed.DropUploads();

        using (var first = new DaemonProcess(bed.ConfigPath, crashAt: "after-journal-encrypted:2"))
        {
            var code = first.WaitForExit(Limit, "reach the crash point");
            Assert.True(code == CrashSafetyTests.KilledBySigkill, $"expected death by SIGKILL, got {code}. Output:\n{first.Tail()}");
        }

        using (var second = new DaemonProcess(bed.ConfigPath))
        {
            // A real kill -9 from outside, at whatever the daemon is doing once it has published something.
            second.WaitUntil(() => second.Output.Contains(" published as ", StringComparison.Ordinal), Limit, "a publish after the restart");
            second.Signal("KILL");
            Assert.Equal(CrashSafetyTests.KilledBySigkill, second.WaitForExit(Limit, "die on SIGKILL"));
        }

        using var third = new DaemonProcess(bed.ConfigPath);
        // SIGTERM before the host has installed its handler would end the process the default way (143).
        third.WaitUntil(() => third.Output.Contains("DropBox started", StringComparison.Ordinal), Limit, "the daemon started");
        third.WaitUntil(bed.AllFinished, Limit, "every upload finished");
        third.Signal("TERM");
        var exit = third.WaitForExit(Limit, "stop on SIGTERM");
        Assert.True(exit == 0, $"dropbox run exited {exit} on SIGTERM, expected a graceful 0. Output:\n{third.Tail()}");

        // The outside kill -9 lands at a random moment: it may leave a temp file of an atomic write (a receipt's, a
        // claim.json's) that the daemon sweeps once it is a minute old; everything else is checked strictly.
        bed.AssertFinishedExactlyOnce("daemon", allowKnownKillLeftovers: true);
    }
}
