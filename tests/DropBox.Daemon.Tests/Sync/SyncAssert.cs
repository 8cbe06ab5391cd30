using System.Diagnostics;
using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Tests.Sync;

internal static class SyncAssert
{
    /// <summary>The far end holds exactly the source's files (same layout, same bytes), no temp files, plus manifests.</summary>
    public static void FarEndMatches(Dictionary<string, string> expected, string farDirectory)
    {
        var far = SyncTestBed.Tree(farDirectory);
        Assert.DoesNotContain(far.Keys, k => k.EndsWith(".partial", StringComparison.Ordinal));
        var files = far.Where(kv => !IsManifest(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value);
        Assert.Equal(expected.OrderBy(kv => kv.Key, StringComparer.Ordinal), files.OrderBy(kv => kv.Key, StringComparer.Ordinal));
    }

    public static bool IsManifest(string relative) => relative.StartsWith("MANIFEST-", StringComparison.Ordinal) && relative.EndsWith(".sha256", StringComparison.Ordinal);

    /// <summary>Runs <c>sha256sum -c</c> on the manifest in the far directory, as a receiver would.</summary>
    public static string ManifestChecks(string farDirectory, string manifestName)
    {
        var start = new ProcessStartInfo("sha256sum") { WorkingDirectory = farDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("--strict");
        start.ArgumentList.Add(manifestName);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "sha256sum -c failed: " + output);
        return output;
    }

    public static void AllSent(SyncJournal journal, int expectedCount)
    {
        var rows = journal.GetFiles("liver");
        Assert.Equal(expectedCount, rows.Count);
        Assert.All(rows, r => Assert.Equal(SyncFileState.Sent, r.State));
    }
}
