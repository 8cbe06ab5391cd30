using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json.Nodes;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 14 item 5, with a real OpenSSH sshd and the real <c>sftp</c> client as the sender: an upload killed midway
/// leaves a zip without its central directory in the inbox; <c>dropbox once</c> must leave it there (a claimed file
/// is gone from under the client, whose resume then fails with "No such file"), so that <c>reput</c> finishes it.
/// </summary>
public sealed class ResumableIntakeTests(SshdServer sshd) : IClassFixture<SshdServer>
{
    private const string UploadName = "DOE^JANE_series.zip";
    private const int Images = 24;

    [SshdFact("gpg", "sftp")]
    public void An_sftp_upload_killed_midway_stays_in_the_inbox_and_after_reput_comes_out_once_whole_with_no_quarantine_item()
    {
        using var site = new E2ESite(["SITEA"], [E2EKeys.Shared.Ed25519.PublicKeyFile],
            project => project["Intake"]!["IncompleteDeadline"] = "00:10:00");
        var local = SeriesZip(site);
        var length = new FileInfo(local).Length;
        var remote = Path.Combine(site.InboxOf("SITEA"), UploadName);

        // Throttled (-l, Kbit/s) with few requests in flight, so the kill lands well before the end.
        using (var upload = StartSftp($"put {local} {remote}\n", "-l", "4000", "-R", "2"))
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (SizeOf(remote) < length * 2 / 5)
            {
                if (DateTime.UtcNow > deadline || upload.HasExited)
                {
                    Assert.Fail("the upload never reached 40 %: " + upload.StandardError.ReadToEnd());
                }
                Thread.Sleep(10);
            }
            upload.Kill(entireProcessTree: true);
            upload.WaitForExit();
        }
        WaitUntilUnchanged(remote);
        var partial = SizeOf(remote);
        Assert.True(partial < length, $"the kill came too late: {partial} of {length} bytes arrived");
        E2ESite.WaitQuietPeriod();

        var during = site.RunOnce();

        Assert.True(during.ExitCode == 0, during.Describe());
        Assert.Contains("0 upload(s) published, 0 quarantined, 1 waiting", during.StdOut, StringComparison.Ordinal);
        Assert.Equal(partial, SizeOf(remote));
        Assert.Empty(site.Outputs("SITEA"));
        Assert.Empty(site.Quarantined("SITEA"));

        var resume = RunSftp($"reput {local} {remote}\n");
        Assert.True(resume.ExitCode == 0, "the sender's resume failed: " + resume.Describe());
        Assert.True(File.ReadAllBytes(local).AsSpan().SequenceEqual(File.ReadAllBytes(remote)), "reput did not complete the file");
        E2ESite.WaitQuietPeriod();

        var after = site.RunOnce();

        Assert.True(after.ExitCode == 0, after.Describe());
        Assert.Contains("1 upload(s) published, 0 quarantined, 0 waiting", after.StdOut, StringComparison.Ordinal);
        var output = Assert.Single(site.Outputs("SITEA"));
        var plain = E2EKeys.Decrypt(E2EKeys.Shared.Ed25519, output, site.Scratch("plain.zip"));
        using (var zip = ZipFile.OpenRead(plain))
        {
            Assert.Equal(Images, zip.Entries.Count);
        }
        Assert.Empty(site.Quarantined("SITEA"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(site.InboxOf("SITEA")));
        var log = string.Concat(Directory.GetFiles(site.LogDirectory, "dropbox-*.log").Select(File.ReadAllText));
        Assert.DoesNotContain("DOE", log, StringComparison.Ordinal);
    }

    /// <summary>A stored (uncompressed) zip of synthetic images: a few megabytes, so a throttled upload takes seconds.</summary>
    private static string SeriesZip(E2ESite site)
    {
        var path = site.Scratch("series.zip");
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        for (var instance = 1; instance <= Images; instance++)
        {
            var image = site.Scratch($"IM{instance:0000}.dcm");
            using (var file = SampleImage.Create(seed: 23, size: 256, TransferSyntax.ExplicitVRLittleEndian, instance))
            {
                file.Save(image);
            }
            zip.CreateEntryFromFile(image, Path.GetFileName(image), CompressionLevel.NoCompression);
        }
        return path;
    }

    private string[] SftpArguments(params string[] extra) =>
    [
        "-b", "-", "-i", sshd.IdentityFile, "-P", sshd.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        "-o", "UserKnownHostsFile=" + sshd.KnownHostsFile, "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes",
        .. extra, sshd.User + "@127.0.0.1",
    ];

    private Process StartSftp(string batch, params string[] extra)
    {
        var start = new ProcessStartInfo("sftp") { UseShellExecute = false, RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in SftpArguments(extra))
        {
            start.ArgumentList.Add(argument);
        }
        var process = Process.Start(start)!;
        process.StandardInput.Write(batch);
        process.StandardInput.Close();
        return process;
    }

    private ProcessResult RunSftp(string batch) => ProcessRunner.Run("sftp", SftpArguments(), stdin: batch, timeout: TimeSpan.FromMinutes(2));

    private static long SizeOf(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;

    /// <summary>After the client's death the server may still write what was in flight, then closes the handle.</summary>
    private static void WaitUntilUnchanged(string path)
    {
        var last = -1L;
        for (var size = SizeOf(path); size != last; size = SizeOf(path))
        {
            last = size;
            Thread.Sleep(500);
        }
    }
}
