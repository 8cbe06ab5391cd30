using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>
/// Issue 4, "crash safety": <c>dropbox once</c> is SIGKILLed (via the DROPBOX_TEST_CRASH_AT test seam) at every
/// step boundary of a batch, then run again without it; every upload must still end exactly once in the outbox
/// or in quarantine, with no plaintext left outside the private work area.
/// </summary>
public sealed class CrashSafetyTests
{
    /// <summary>SIGKILL as .NET reports it for a child process: 128 + 9.</summary>
    public const int KilledBySigkill = 137;

    /// <summary>Point and which hit of it (see src/DropBox.Daemon/Diagnostics/CrashPoints.cs). Order in a pass, each step
    /// moving the whole batch through a state before it journals the batch in one transaction: 5 claims (claim.json →
    /// rename, "after-claim" per upload) → one transaction for the 5 rows ("after-journal-claimed" per upload after
    /// it); inspect each upload in claim order (the text upload is quarantined whole here: mid-quarantine:1) → the
    /// originals hashed, one transaction of attempts and hashes → packages built (loose files in parallel, then the
    /// zips one at a time; the mixed zip's text member is quarantined on its own: mid-quarantine:2) → one gpg batch
    /// ("after-encrypt-before-journal" per upload) → one transaction "Encrypted" ("after-journal-encrypted" per
    /// upload) → every ciphertext renamed into its outbox ("before-publish-rename" before each) → one fsync per
    /// outbox folder ("after-publish-rename-before-journal" per upload) → one transaction "Published"
    /// ("after-journal-published" per upload) → cleanup of each ("mid-cleanup" per entry) → one transaction "Done".</summary>
    public static TheoryData<string> Points => new()
    {
        "before-claim-rename:2",
        "after-claim:1",
        "after-journal-claimed:2",
        "mid-package:4",
        "after-member-quarantined:1",
        "mid-quarantine:1",
        "mid-quarantine:2",
        "after-quarantine-before-journal:1",
        "after-encrypt-before-journal:1",
        "after-journal-encrypted:2",
        "before-publish-rename:2",
        "after-publish-rename-before-journal:1",
        "after-journal-published:2",
        "mid-cleanup:1",
    };
    [ToolTheory("gpg", "dcmdump", "sqlite3")]
    [MemberData(nameof(Points))]
    public void A_batch_killed_at_any_step_ends_exactly_once_in_outbox_or_quarantine_after_a_restart(string crashAt)
    {
        using var bed = new CrashBed();
        bed.DropUploads();

        var killed = bed.Once(crashAt);
        Assert.True(killed.ExitCode == KilledBySigkill, $"{crashAt}: expected death by SIGKILL ({KilledBySigkill}). {CrashBed.Show(killed)}");
        Assert.Contains("killing the process at", killed.StdErr, StringComparison.Ordinal);

        var resumed = bed.Once();
        Assert.True(resumed.ExitCode is 0 or 3, $"{crashAt}: the pass after the crash failed. {CrashBed.Show(resumed)}");
        Assert.Contains(", 0 waiting", resumed.StdOut, StringComparison.Ordinal);

        bed.AssertFinishedExactlyOnce(crashAt);
    }
}
