using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>
/// Crash safety beyond one kill per batch: kills that land while the daemon is recovering from an earlier kill,
/// and a kill during the cleanup of an upload that ended in quarantine (a separate class so xunit runs it
/// beside <see cref="CrashSafetyTests"/>).
/// </summary>
public sealed class CrashRecoveryTests
{
    [ToolFact("gpg", "dcmdump", "sqlite3")]
    public void A_batch_killed_again_while_recovering_still_ends_exactly_once()
    {
        using var bed = new CrashBed();
        bed.DropUploads();

        // Killed after an archive member went to quarantine, then while that stale item is purged on resume,
        // then between an outbox rename and its journal row.
        foreach (var crashAt in new[] { "after-member-quarantined:1", "mid-purge:1", "after-publish-rename-before-journal:2" })
        {
            var killed = bed.Once(crashAt);
            Assert.True(killed.ExitCode == CrashSafetyTests.KilledBySigkill, $"{crashAt}: {CrashBed.Show(killed)}");
        }
        var resumed = bed.Once();
        Assert.True(resumed.ExitCode is 0 or 3, CrashBed.Show(resumed));

        bed.AssertFinishedExactlyOnce("killed three times");
    }

    [ToolFact("gpg", "sqlite3")]
    public void An_archive_quarantined_member_by_member_and_killed_during_its_cleanup_leaves_no_plaintext_after_a_restart()
    {
        using var bed = new CrashBed();
        bed.DropNotesOnlyZip();

        var killed = bed.Once("mid-cleanup:1");
        Assert.True(killed.ExitCode == CrashSafetyTests.KilledBySigkill, CrashBed.Show(killed));
        var resumed = bed.Once();
        Assert.True(resumed.ExitCode is 0 or 3, CrashBed.Show(resumed));

        var row = Assert.Single(bed.Journal());
        Assert.Equal("Quarantined", row.State);
        var items = bed.QuarantineItems();
        Assert.Equal(2, items.Count);
        Assert.All(items, i => Assert.Equal(row.Id, i.Reason.GetProperty("uploadId").GetString()));
        bed.AssertNoPlaintextLeft("mid-cleanup of a quarantined archive");
    }
}
