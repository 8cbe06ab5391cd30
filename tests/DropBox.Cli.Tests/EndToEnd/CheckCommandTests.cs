using System.Text.Json.Nodes;
using DropBox.Testing;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary><c>dropbox check</c> as an admin runs it: every mistake of a configuration listed in one go.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly TempDir _dir = new("dbx-check");

    public void Dispose() => _dir.Dispose();

    [ToolFact("gpg")]
    public void A_config_with_five_different_mistakes_gets_all_five_listed_and_a_non_zero_exit()
    {
        var keys = E2EKeys.Shared;
        var root = _dir.CreateDirectory("ji_shared");
        // Sender S1's outbox exists but its inbox was never made; S2's folders are all there.
        _dir.CreateDirectory("ji_shared", "club_house", "From_A_To_B", "gpg-S1");
        _dir.CreateDirectory("ji_shared", "S2", "gpg");
        _dir.CreateDirectory("ji_shared", "club_house", "From_A_To_B", "gpg-S2");
        var missingKey = _dir.Combine("keys", "receiver-never-sent.asc");
        var config = new JsonObject
        {
            ["DropBox"] = new JsonObject
            {
                ["StateDirectory"] = "state",
                ["LogDirectory"] = "log",
                ["Projects"] = new JsonObject
                {
                    ["alpha"] = new JsonObject
                    {
                        ["Root"] = root,
                        ["Direction"] = "From_A_To_B",
                        ["Senders"] = new JsonArray("S1"),
                        ["ReceiverKeys"] = new JsonArray(missingKey, keys.SignOnly.PublicKeyFile),
                        ["Deidentify"] = new JsonObject
                        {
                            ["Fields"] = new JsonArray(new JsonObject { ["Attribute"] = "PatientNmae", ["Action"] = "keep" }),
                        },
                        ["Sync"] = LocalTarget(),
                    },
                    ["beta"] = new JsonObject
                    {
                        ["Root"] = root,
                        ["Direction"] = "From_A_To_B",
                        ["Senders"] = new JsonArray("S2"),
                        ["ReceiverKeys"] = new JsonArray(keys.Ed25519.PublicKeyFile),
                        ["Sync"] = LocalTarget(),
                    },
                },
            },
        };
        var path = _dir.WriteFile("appsettings.json", config.ToJsonString());
        JsonObject LocalTarget() => new() { ["Target"] = new JsonObject { ["Type"] = "local", ["Directory"] = _dir.CreateDirectory("far-site") } };

        var result = DropBoxCli.Run(["check", "--config", path], timeout: TimeSpan.FromMinutes(1));

        Assert.True(result.ExitCode != 0, result.Describe());
        var problems = result.StdErrLines.Where(l => l.TrimStart().StartsWith("- ", StringComparison.Ordinal)).ToList();
        var report = result.StdOut + result.StdErr;
        Assert.Contains(problems, p => p.Contains("receiver-never-sent.asc", StringComparison.Ordinal) && p.Contains("not found", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(problems, p => p.Contains("signonly.pub.asc", StringComparison.Ordinal) && p.Contains("encrypt", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(problems, p => p.Contains("'PatientNmae'", StringComparison.Ordinal) && p.Contains("did you mean 'PatientName'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("inbox of sender 'S1'", StringComparison.Ordinal) && p.Contains("does not exist", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("'alpha' and 'beta' share the root", StringComparison.Ordinal));
        Assert.True(problems.Count == 5, "exactly the five mistakes, each once:\n" + report);
        Assert.Contains("5 problem(s)", report, StringComparison.Ordinal);
    }

    [CorpusFact("gpg", "dcmdump")]
    public void A_project_made_by_project_init_checks_clean_exits_zero_and_delivers_an_upload()
    {
        var keys = E2EKeys.Shared;
        var config = _dir.Combine("etc", "appsettings.json");

        var init = DropBoxCli.Run(["project", "init", "liver", "--root", _dir.Combine("ji_liver"), "--direction", "From_PKUHSC_To_UM",
            "--sender", "PKUHSC", "--sender", "PKUPH", "--receiver-key", keys.Rsa4096.PublicKeyFile, "--receiver-key", keys.Ed25519.PublicKeyFile,
            "--config", config, "--target-local", _dir.CreateDirectory("far-site")], timeout: TimeSpan.FromMinutes(1));
        Assert.True(init.ExitCode == 0, init.Describe());

        var check = DropBoxCli.Run(["check", "--config", config], timeout: TimeSpan.FromMinutes(1));

        Assert.True(check.ExitCode == 0, check.Describe() + check.StdOut);
        Assert.Contains("is valid: 1 project(s)", check.StdOut, StringComparison.Ordinal);
        Assert.Empty(check.StdErrLines);

        // The admin's environment override shortens the quiet period (the default is two minutes).
        var inbox = _dir.Combine("ji_liver", "PKUPH", "gpg");
        File.Copy(Path.Combine(PlantedPhi.Synthetic, "syn05_private_tags_phi_evrle.dcm"), Path.Combine(inbox, "scan.dcm"));
        E2ESite.WaitQuietPeriod();
        var once = DropBoxCli.Run(["once", "--config", config], timeout: TimeSpan.FromMinutes(2), env: new Dictionary<string, string?>
        {
            ["DROPBOX__Projects__liver__Intake__QuietPeriod"] = "00:00:01",
            ["DROPBOX__Projects__liver__Intake__ClaimSettleDelay"] = "00:00:00",
            ["DROPBOX__Projects__liver__Sync__QuietPeriod"] = "00:00:00",
        });
        Assert.True(once.ExitCode == 0, once.Describe());
        var output = Assert.Single(Directory.GetFiles(_dir.Combine("ji_liver", "club_house", "From_PKUHSC_To_UM", "gpg-PKUPH")));
        var plain = E2EKeys.Decrypt(keys.Rsa4096, output, _dir.Combine("plain.dcm"));
        Assert.True(Dcmdump.Check(plain).IsClean, Dcmdump.Check(plain).ToString());
        Assert.True(Directory.GetFiles(_dir.Combine("far-site"), "*.gpg", SearchOption.AllDirectories).Length == 1, once.StdOut);
    }
}
