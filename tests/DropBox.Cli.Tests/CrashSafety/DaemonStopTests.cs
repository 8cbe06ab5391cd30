using System.Diagnostics;
using System.IO.Compression;
using DropBox.Testing;

namespace DropBox.Cli.Tests.CrashSafety;

/// <summary>
/// Issue 13 item 5 for the real daemon: SIGTERM while a large zip is being streamed into its package stops <c>dropbox run</c> within
/// seconds (the scheduler cancels the running pass, which cleans up and returns) instead of letting the pass run
/// to its end; the next start resumes the upload and publishes it once.
/// </summary>
public sealed class DaemonStopTests
{
    private const int Members = 3000;
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    [ToolFact("gpg", "kill")]
    public void Sigterm_during_a_large_zip_stops_the_daemon_within_seconds_and_the_next_start_publishes_the_upload_once()
    {
        using var bed = new CrashBed();
        var zip = Path.Combine(bed.Inbox("SITEB"), "large.zip");
        WriteLargeZip(zip);
        File.SetLastWriteTimeUtc(zip, DateTime.UtcNow.AddMinutes(-1));
        var uploads = Path.Combine(bed.WorkDirectory, "uploads");

        using (var daemon = new DaemonProcess(bed.ConfigPath))
        {
            daemon.WaitUntil(() => Packing(uploads), Limit, "the zip being streamed into its package");
            var clock = Stopwatch.StartNew();
            daemon.Signal("TERM");
            var exit = daemon.WaitForExit(Limit, "stop on SIGTERM");

            Assert.True(exit == 0, $"dropbox run exited {exit} on SIGTERM. Output:\n{daemon.Tail()}");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"stopping took {clock.Elapsed}. Output:\n{daemon.Tail()}");
            Assert.Contains("stop requested", daemon.Output, StringComparison.Ordinal);
        }

        // Stopped, not finished: nothing published, no plaintext but the original and its claim.
        Assert.Empty(Directory.GetFiles(bed.Outbox("SITEB")));
        var upload = Assert.Single(Directory.GetDirectories(uploads));
        Assert.Equal(["claim.json", "original"], Directory.GetFileSystemEntries(upload).Select(Path.GetFileName).Order());

        using (var restarted = new DaemonProcess(bed.ConfigPath))
        {
            restarted.WaitUntil(() => Directory.GetFiles(bed.Outbox("SITEB")).Length > 0, Limit, "the upload published after the restart");
            restarted.WaitUntil(() => !Directory.Exists(upload) || !File.Exists(Path.Combine(upload, Path.GetFileName(upload) + ".zip.gpg")), Limit, "the cleanup");
            restarted.Signal("TERM");
            restarted.WaitForExit(Limit, "stop on SIGTERM");
        }

        Assert.Equal(Path.GetFileName(upload) + ".zip.gpg", Path.GetFileName(Assert.Single(Directory.GetFiles(bed.Outbox("SITEB")))));
    }

    /// <summary>Members are being streamed from the claimed zip into gpg, whose ciphertext grows under its temp name
    /// (some members are in, most are not).</summary>
    private static bool Packing(string uploads) =>
        Directory.Exists(uploads) && Directory.GetDirectories(uploads)
            .Any(u => new FileInfo(Path.Combine(u, Path.GetFileName(u) + ".zip.gpg.part")) is { Exists: true, Length: > 0 });

    /// <summary>A stored zip of <see cref="Members"/> copies of the sample MR image: large in members, cheap to make.</summary>
    private static void WriteLargeZip(string path)
    {
        var sample = File.ReadAllBytes(Path.Combine(RepoPaths.RepoRoot, "samples", "dicom", "sample-mr.dcm"));
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        for (var i = 0; i < Members; i++)
        {
            using var entry = zip.CreateEntry($"series/IM{i:00000}.dcm", CompressionLevel.NoCompression).Open();
            entry.Write(sample);
        }
    }
}
