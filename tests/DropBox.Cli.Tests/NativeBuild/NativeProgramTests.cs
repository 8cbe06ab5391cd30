using System.Text.Json.Nodes;
using DropBox.Cli.Tests.CrashSafety;
using DropBox.Cli.Tests.EndToEnd;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Cli.Tests.NativeBuild;

/// <summary>
/// The published native program does what the managed build does: the same output bytes, the same reports, the same
/// daemon. The managed build is the one the rest of the suite checks in depth, so it is the oracle here.
/// </summary>
public sealed class NativeProgramTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly TempDir _dir = new("dbx-native");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void De_identifies_generated_images_in_every_transfer_syntax_to_the_same_bytes_as_the_managed_build()
    {
        var input = _dir.CreateDirectory("in");
        var syntaxes = new[]
        {
            TransferSyntax.ImplicitVRLittleEndian, TransferSyntax.ExplicitVRLittleEndian,
            TransferSyntax.DeflatedExplicitVRLittleEndian, TransferSyntax.ExplicitVRBigEndian,
        };
        for (var i = 0; i < syntaxes.Length; i++)
        {
            var folder = Directory.CreateDirectory(Path.Combine(input, $"series{i}")).FullName;
            for (var instance = 1; instance <= 3; instance++)
            {
                using var image = SampleImage.Create(seed: 10 + i, size: 64, syntaxes[i], instance);
                image.Save(Path.Combine(folder, $"IM{instance}.dcm"));
            }
        }
        File.WriteAllText(Path.Combine(input, "notes.txt"), "not a DICOM file, quarantined by both builds\n");

        AssertSameDeidentification(input, expectedExit: 3);
    }

    [CorpusFact]
    public void De_identifies_the_whole_corpus_to_the_same_bytes_and_the_same_quarantine_reasons_as_the_managed_build() =>
        // Every character set (code pages come from the runtime's encoding provider, which trimming could drop),
        // deflated and big-endian files, private and nested sequences, and every quarantine reason.
        AssertSameDeidentification(RepoPaths.RequireCorpus(), expectedExit: 3);

    [ToolFact("gpg")]
    public void The_native_daemon_publishes_an_upload_encrypted_and_stops_with_exit_0_on_SIGTERM()
    {
        // The sync runs every two seconds instead of every five minutes, so the Quartz schedule is seen to fire.
        using var site = new E2ESite(["SITEA"], [E2EKeys.Shared.Ed25519.PublicKeyFile],
            project => project["Sync"]!["Schedule"] = "0/2 * * * * ?") { Executable = NativeProgram.Path };
        using (var image = SampleImage.Create(seed: 7, size: 64, TransferSyntax.ExplicitVRLittleEndian))
        {
            image.Save(Path.Combine(site.InboxOf("SITEA"), "DOE^JANE scan.dcm"));
        }

        using var daemon = new DaemonProcess(site.ConfigPath, executable: NativeProgram.Path);
        daemon.WaitUntil(() => daemon.Output.Contains("DropBox started", StringComparison.Ordinal), Limit, "the daemon started");
        daemon.WaitUntil(() => Directory.Exists(Path.Combine(site.FarSite, "gpg-SITEA"))
            && Directory.GetFiles(Path.Combine(site.FarSite, "gpg-SITEA"), "*.gpg").Length == 1, Limit, "the upload reached the far site");
        daemon.Signal("TERM");
        var exit = daemon.WaitForExit(Limit, "stop on SIGTERM");

        Assert.True(exit == 0, $"the native daemon exited {exit} on SIGTERM, expected a graceful 0. Output:\n{daemon.Tail()}");
        var output = Assert.Single(site.Outputs("SITEA"));
        var plain = E2EKeys.Decrypt(E2EKeys.Shared.Ed25519, output, site.Scratch("plain.dcm"));
        using var file = DicomFile.Open(plain);
        Assert.Equal("E2E-0001", file.Dataset.GetString(new DicomTag(0x0010, 0x0010)));
        Assert.Empty(Directory.EnumerateFileSystemEntries(site.InboxOf("SITEA")));
        Assert.DoesNotContain("DOE", daemon.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_configuration_gets_the_same_report_and_exit_code_from_both_builds()
    {
        // Binding errors come from the generated configuration binder in both builds; this shows the native program
        // reports an unknown setting, a bad duration and a misspelt keyword exactly as the managed build does.
        var root = _dir.CreateDirectory("ji_broken");
        var config = new JsonObject
        {
            ["DropBox"] = new JsonObject
            {
                ["StateDirectory"] = _dir.Combine("state"),
                ["LogDirectory"] = _dir.Combine("log"),
                ["Projects"] = new JsonObject
                {
                    ["broken"] = new JsonObject
                    {
                        ["Root"] = root,
                        ["Direction"] = "From_A_To_B",
                        ["Senders"] = new JsonArray("S1"),
                        ["ReceiverKeys"] = new JsonArray(_dir.Combine("missing.asc")),
                        ["Deidentify"] = new JsonObject
                        {
                            ["Fields"] = new JsonArray(new JsonObject { ["Attribute"] = "PatientNmae", ["Action"] = "keep" }),
                        },
                        ["Intake"] = new JsonObject { ["QuietPeriod"] = "soon" },
                        ["Colour"] = "blue",
                    },
                },
            },
        };
        var path = _dir.WriteFile("appsettings.json", config.ToJsonString());

        var managed = DropBoxCli.Run(["check", "--config", path], Limit);
        var native = DropBoxCli.Run(["check", "--config", path], Limit, executable: NativeProgram.Path);

        Assert.True(managed.ExitCode == 1, managed.Describe());
        Assert.Equal(managed.ExitCode, native.ExitCode);
        Assert.Equal(managed.StdOut, native.StdOut);
        Assert.Equal(managed.StdErr, native.StdErr);
    }

    [Fact]
    public void Help_and_version_read_the_same_from_both_builds()
    {
        foreach (var args in new[] { new[] { "--help" }, ["deid", "--help"], ["version"] })
        {
            var managed = DropBoxCli.Run(args, Limit);
            var native = DropBoxCli.Run(args, Limit, executable: NativeProgram.Path);
            Assert.Equal(managed.ExitCode, native.ExitCode);
            Assert.Equal(managed.StdOut, native.StdOut);
        }
    }

    /// <summary>Runs the managed build, then the native program with the same state folder, and compares everything.</summary>
    private void AssertSameDeidentification(string input, int expectedExit)
    {
        var state = _dir.Combine("state");
        var managedOut = _dir.Combine("out-managed");
        var nativeOut = _dir.Combine("out-native");
        var managed = DropBoxCli.Run(["deid", input, managedOut, "--keep-names", "--state", state], Limit);
        var native = DropBoxCli.Run(["deid", input, nativeOut, "--keep-names", "--state", state], Limit, executable: NativeProgram.Path);

        Assert.True(managed.ExitCode == expectedExit, managed.Describe());
        Assert.True(native.ExitCode == expectedExit, native.Describe());
        Assert.Equal(managed.StdOut, native.StdOut);
        Assert.Equal(managed.StdErr, native.StdErr);
        var files = Relative(managedOut);
        Assert.True(files.Count > 0, "the managed build wrote no output: " + managed.Describe());
        Assert.Equal(files, Relative(nativeOut));
        foreach (var file in files)
        {
            Assert.True(File.ReadAllBytes(Path.Combine(managedOut, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(nativeOut, file))),
                $"{file}: the native program wrote other bytes than the managed build");
        }
    }

    private static List<string> Relative(string folder) =>
        Directory.GetFiles(folder, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(folder, f))
            .Order(StringComparer.Ordinal).ToList();
}
