using System.Text.Json.Nodes;
using DropBox.Cli.Tests.EndToEnd;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Cli.Tests.NativeBuild;

/// <summary>
/// The published native program syncs over SFTP (SSH.NET, in process) to a real OpenSSH sshd on 127.0.0.1: the
/// host key pinned by a known_hosts file, an ed25519 client key. The SSH code paths (key exchange, ciphers, key
/// parsing) are the ones trimming and Native AOT could break without the managed tests noticing.
/// </summary>
public sealed class NativeSftpSyncTests(SshdServer sshd) : IClassFixture<SshdServer>
{
    [SshdFact("gpg")]
    public void The_native_once_pass_sends_its_published_gpg_output_and_a_plain_text_file_byte_identical_to_the_real_sshd_with_the_manifest()
    {
        var far = sshd.NewRemoteDirectory("native");
        using var site = new E2ESite(["SITEA"], [E2EKeys.Shared.Ed25519.PublicKeyFile], project => project["Sync"]!["Target"] = new JsonObject
        {
            ["Type"] = "sftp",
            ["Host"] = "127.0.0.1",
            ["Port"] = sshd.Port,
            ["User"] = sshd.User,
            ["IdentityFile"] = sshd.IdentityFile,
            ["KnownHostsFile"] = sshd.KnownHostsFile,
            ["RemoteDirectory"] = far,
        }) { Executable = NativeProgram.Path };
        using (var image = SampleImage.Create(seed: 11, size: 64, TransferSyntax.ExplicitVRLittleEndian))
        {
            image.Save(Path.Combine(site.InboxOf("SITEA"), "DOE^JANE scan.dcm"));
        }
        var clubHouse = Path.GetDirectoryName(site.OutboxOf("SITEA"))!;
        var notes = Path.Combine(clubHouse, "notes", "readme.txt");
        Directory.CreateDirectory(Path.GetDirectoryName(notes)!);
        File.WriteAllText(notes, string.Concat(Enumerable.Repeat("Shipment notes: the series of this week, de-identified at the sending site.\n", 8)));
        E2ESite.WaitQuietPeriod();

        var run = site.RunOnce();

        Assert.True(run.ExitCode == 0, run.Describe());
        var output = Assert.Single(site.Outputs("SITEA"));
        var expected = new[] { output, notes }.Select(f => Path.GetRelativePath(clubHouse, f)).Order(StringComparer.Ordinal).ToList();
        var arrived = Directory.GetFiles(far, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(far, f)).ToList();
        Assert.DoesNotContain(arrived, f => f.EndsWith(".partial", StringComparison.Ordinal));
        var manifest = Assert.Single(arrived, f => f.StartsWith("MANIFEST-", StringComparison.Ordinal) && f.EndsWith(".sha256", StringComparison.Ordinal));
        Assert.Equal(expected, arrived.Where(f => f != manifest).Order(StringComparer.Ordinal));
        foreach (var file in expected)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(clubHouse, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(far, file))),
                $"{file}: the far copy differs from club_house");
        }
        var check = ProcessRunner.Run("sha256sum", ["-c", "--strict", manifest], workingDirectory: far);
        Assert.True(check.ExitCode == 0, check.Describe());
        Assert.All(expected, f => Assert.Contains(f + ": OK", check.StdOut, StringComparison.Ordinal));
    }
}
