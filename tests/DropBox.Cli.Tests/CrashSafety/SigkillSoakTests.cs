using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>
/// Issue 13, "Done when", the small SIGKILL soak in the suite (bench/soak.sh is the 300-upload one): uploads arrive in
/// waves, and the pass of <c>dropbox once</c> after each wave is SIGKILLed, with its gpg children, at a seeded random
/// moment — wherever that lands on this machine (start-up, claim, de-identification, gpg, publish, or after the pass
/// already ended, which is fine); then passes run to their end. Unlike the crash-point tests, nothing tells the daemon
/// where it is killed, so the check holds whatever order or grouping the pipeline does its steps in.
/// </summary>
public sealed class SigkillSoakTests
{
    private const int Uploads = 40;
    private const int Kills = 6;
    private const int Seed = 13;

    /// <summary>Kill delays are drawn from [50 ms, this): a pass of a wave (7 new uploads and what earlier kills left)
    /// by the managed build takes about 1-3 s here, start-up included, so most kills land inside it.</summary>
    private const int MaxDelayMs = 2500;

    [ToolFact("gpg", "dcmdump", "sqlite3", "setsid", "kill")]
    public void Uploads_whose_passes_are_killed_at_random_moments_are_each_published_or_quarantined_exactly_once_with_no_plaintext_left()
    {
        using var bed = new CrashBed(incompleteDeadline: TimeSpan.FromSeconds(2));
        var uploads = new SoakUploads(Uploads, Seed);
        var random = new Random(Seed);
        var kills = new List<string>();
        for (var k = 0; k < Kills; k++)
        {
            uploads.DropNext(bed, (Uploads + Kills - 1) / Kills);
            // The quiet period (1 s) counts from ctime too, which cannot be set back.
            Thread.Sleep(TimeSpan.FromSeconds(1.2));
            var delay = random.Next(50, MaxDelayMs);
            using var once = new DaemonProcess(bed.ConfigPath, command: ["once", "--config", bed.ConfigPath, "--no-sync"], ownProcessGroup: true);
            Thread.Sleep(delay);
            var killed = once.Crash();
            kills.Add($"{delay} ms: " + (killed ? "killed, journal " + States(bed) : "had ended by itself"));
        }
        var context = "kills after " + string.Join("; ", kills);
        // Past the truncated upload's incomplete deadline (2 s), so the passes below quarantine it if it is still held.
        Thread.Sleep(TimeSpan.FromSeconds(2));

        var finish = bed.Once();
        Assert.True(finish.ExitCode is 0 or 3, $"{context}\nthe pass after the kills failed. {CrashBed.Show(finish)}");
        var clean = bed.Once();
        Assert.True(clean.ExitCode is 0 or 3, $"{context}\nthe clean pass failed. {CrashBed.Show(clean)}");
        Assert.Contains(", 0 waiting", clean.StdOut, StringComparison.Ordinal);

        Assert.Equal(Uploads, uploads.Dropped.Count);
        new SoakCheck(bed, uploads.Dropped).AssertEveryUploadExactlyOnce(context);
    }

    /// <summary>The journal's states and how many uploads are in each, for the failure message.</summary>
    private static string States(CrashBed bed)
    {
        try
        {
            return string.Join(", ", bed.Journal().GroupBy(r => r.State).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
        }
        catch (Xunit.Sdk.XunitException)
        {
            return "not readable yet";   // killed before the journal was made
        }
    }
}
