using DropBox.Testing;

namespace DropBox.Cli.Tests.EndToEnd;

/// <summary>A project onboarded without a far site (no <c>--target-*</c>): processed as usual, nothing synced, and every verb says so.</summary>
public sealed class NoFarSiteTests : IDisposable
{
    private readonly TempDir _dir = new("dbx-nofar");

    public void Dispose() => _dir.Dispose();

    [CorpusFact("gpg", "dcmdump")]
    public void A_project_init_without_a_target_processes_uploads_and_check_status_and_sync_say_nothing_is_synced()
    {
        var keys = E2EKeys.Shared;
        var config = _dir.Combine("etc", "appsettings.json");

        var init = DropBoxCli.Run(["project", "init", "liver", "--root", _dir.Combine("ji_liver"), "--direction", "From_PKUHSC_To_UM",
            "--sender", "PKUHSC", "--receiver-key", keys.Rsa4096.PublicKeyFile, "--config", config], timeout: TimeSpan.FromMinutes(1));

        Assert.True(init.ExitCode == 0, init.Describe());
        var todo = Assert.Single(init.StdOutLines, l => l.Contains("add the far site", StringComparison.Ordinal));
        Assert.Contains($"dropbox project init liver --root {_dir.Combine("ji_liver")} --direction From_PKUHSC_To_UM --sender PKUHSC", todo, StringComparison.Ordinal);
        Assert.Contains($"--config {config} --target-sftp USER@HOST[:PORT]:/PATH --target-identity KEY --target-known-hosts FILE", todo, StringComparison.Ordinal);
        Assert.Contains("--target-local DIR", todo, StringComparison.Ordinal);

        var check = DropBoxCli.Run(["check", "--config", config], timeout: TimeSpan.FromMinutes(1));

        Assert.True(check.ExitCode == 0, check.Describe() + check.StdOut);
        Assert.Contains("is valid: 1 project(s)", check.StdOut, StringComparison.Ordinal);
        Assert.Contains(check.StdOutLines, l => l.Contains("warning: project 'liver': no far site", StringComparison.Ordinal) && l.Contains("nothing is synced", StringComparison.Ordinal));
        Assert.Empty(check.StdErrLines);

        File.Copy(Path.Combine(PlantedPhi.Synthetic, "syn05_private_tags_phi_evrle.dcm"), _dir.Combine("ji_liver", "PKUHSC", "gpg", "scan.dcm"));
        E2ESite.WaitQuietPeriod();
        var once = DropBoxCli.Run(["once", "--config", config], timeout: TimeSpan.FromMinutes(2), env: new Dictionary<string, string?>
        {
            ["DROPBOX__Projects__liver__Intake__QuietPeriod"] = "00:00:01",
            ["DROPBOX__Projects__liver__Intake__ClaimSettleDelay"] = "00:00:00",
        });

        Assert.True(once.ExitCode == 0, once.Describe());
        Assert.Contains(once.StdOutLines, l => l == "liver: 1 upload(s) published, 0 quarantined, 0 waiting");
        Assert.Contains(once.StdOutLines, l => l.StartsWith("liver: sync: not configured", StringComparison.Ordinal));
        var output = Assert.Single(Directory.GetFiles(_dir.Combine("ji_liver", "club_house", "From_PKUHSC_To_UM", "gpg-PKUHSC")));
        var plain = E2EKeys.Decrypt(keys.Rsa4096, output, _dir.Combine("plain.dcm"));
        Assert.True(Dcmdump.Check(plain).IsClean, Dcmdump.Check(plain).ToString());

        var status = DropBoxCli.Run(["status", "--config", config], timeout: TimeSpan.FromMinutes(1));

        Assert.True(status.ExitCode == 0, status.Describe());
        Assert.Contains(status.StdOutLines, l => l.TrimStart().StartsWith("target ", StringComparison.Ordinal) && l.TrimEnd().EndsWith(" none", StringComparison.Ordinal));
        Assert.Contains(status.StdOutLines, l => l.TrimStart().StartsWith("sync ", StringComparison.Ordinal) && l.Contains("not configured", StringComparison.Ordinal));
        Assert.Contains(status.StdOutLines, l => l.Contains("outbox", StringComparison.Ordinal) && l.Contains("1 .gpg file(s)", StringComparison.Ordinal));

        var sync = DropBoxCli.Run(["sync", "--config", config], timeout: TimeSpan.FromMinutes(1));

        Assert.True(sync.ExitCode == 0, sync.Describe());
        Assert.Equal("liver: sync: not configured (no Sync.Target): nothing is sent to a far site; 'dropbox check' says how to add one", Assert.Single(sync.StdOutLines));
    }
}
