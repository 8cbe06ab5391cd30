using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Tests.Sync;

public sealed class SyncOptionsTests
{
    [Fact]
    public void The_defaults_are_every_five_minutes_with_an_alert_after_an_hour_and_no_far_site()
    {
        var options = new SyncOptions();
        Assert.Equal("0 0/5 * * * ?", options.Schedule);
        Assert.Equal(TimeSpan.FromHours(1), options.AlertAfter);
        Assert.Equal(TimeSpan.FromMinutes(2), options.QuietPeriod);
        Assert.False(options.HasTarget);
        Assert.Empty(options.Validate("Sync")); // no far site is allowed: nothing is synced ('dropbox check' warns)
    }

    [Fact]
    public void A_local_target_needs_only_its_directory()
    {
        var options = new SyncOptions { Target = new SyncTargetOptions() };
        Assert.True(options.HasTarget);
        Assert.Equal("Sync.Target.Directory: set the directory files are copied into (e.g. an NFS mount such as /mnt/um/ji_liver)", Assert.Single(options.Validate("Sync")));

        options.Target.Directory = "/mnt/um/ji_liver";
        Assert.Empty(options.Validate("Sync"));
    }

    [Fact]
    public void An_sftp_target_without_a_pinned_host_key_says_how_to_pin_it_and_every_problem_is_listed_at_once()
    {
        var options = new SyncOptions
        {
            Schedule = "*/5 * * * *",
            MaxAttempts = 0,
            Target = new SyncTargetOptions { Type = "sftp", Host = "files.um.example", Port = 2222, User = "dropbox" },
        };

        var problems = options.Validate("DropBox.Projects.liver.Sync").ToList();

        Assert.Contains(problems, p => p.StartsWith("DropBox.Projects.liver.Sync.Schedule:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("DropBox.Projects.liver.Sync.MaxAttempts:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("DropBox.Projects.liver.Sync.Target.IdentityFile:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("DropBox.Projects.liver.Sync.Target.RemoteDirectory:", StringComparison.Ordinal));
        Assert.Contains(
            "DropBox.Projects.liver.Sync.Target.KnownHostsFile: pin the far server's host key: set KnownHostsFile to a file with its line from `ssh-keyscan -p 2222 files.um.example` checked out of band",
            problems.Single(p => p.Contains("KnownHostsFile", StringComparison.Ordinal)),
            StringComparison.Ordinal);
        Assert.Equal(5, problems.Count);
    }

    [Fact]
    public void An_unknown_target_type_is_named()
    {
        var problems = new SyncTargetOptions { Type = "ftp" }.Validate("T").ToList();
        Assert.Equal("T.Type: \"ftp\" is not a target type; use \"local\" or \"sftp\"", Assert.Single(problems));
    }

    [Theory]
    [InlineData("dropbox@files.um.example:/srv/in", "dropbox", "files.um.example", 22, "/srv/in")]
    [InlineData("dropbox@files.um.example:2222:/srv/in dir", "dropbox", "files.um.example", 2222, "/srv/in dir")]
    [InlineData("u@[2001:db8::1]:2200:/x", "u", "2001:db8::1", 2200, "/x")]
    [InlineData("u@10.0.0.5:inbox", "u", "10.0.0.5", 22, "inbox")]
    public void The_target_sftp_form_parses_user_host_port_and_path(string spec, string user, string host, int port, string path)
    {
        Assert.True(SftpTargetSpec.TryParse(spec, out var target, out var error), error);
        Assert.Equal(new SftpTargetSpec(user, host, port, path), target);
        var options = target!.ToOptions("keys/id", "keys/known_hosts");
        Assert.Empty(options.Validate("T"));
    }

    [Theory]
    [InlineData("files.um.example:/srv/in")]
    [InlineData("u@host")]
    [InlineData("u@host:99999:/x")]
    [InlineData("u@[::1:/x")]
    [InlineData("")]
    public void A_malformed_target_sftp_says_the_expected_shape(string spec)
    {
        Assert.False(SftpTargetSpec.TryParse(spec, out _, out var error));
        Assert.Contains("user@host[:port]:/path", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Identifiable_paths_default_to_none_and_every_unusable_pattern_is_listed_at_once()
    {
        Assert.Empty(new SyncOptions().IdentifiablePaths);
        var options = new SyncOptions
        {
            Target = new SyncTargetOptions { Directory = "/mnt/um" },
            IdentifiablePaths = ["*.dcm", "exports/**", "", "/abs/*", "a/../b", "x**", "win\\path"],
        };

        var problems = options.Validate("Sync").ToList();

        Assert.Equal(5, problems.Count);
        Assert.All(problems, p => Assert.StartsWith("Sync.IdentifiablePaths: ", p, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("*.dcm", "scan.dcm", true)]
    [InlineData("*.dcm", "a/b/SCAN.DCM", true)]
    [InlineData("*.dcm", "scan.dcm.txt", false)]
    [InlineData("exports/**", "exports/2026/list.txt", true)]
    [InlineData("exports/**", "docs/exports/list.txt", false)]
    [InlineData("**/raw/*", "a/b/raw/x.bin", true)]
    [InlineData("**/raw/*", "raw/x.bin", true)]
    [InlineData("gpg-*/*.zip", "gpg-PKUHSC/a.zip", true)]
    [InlineData("gpg-*/*.zip", "gpg-PKUHSC/sub/a.zip", false)]
    [InlineData("scan?.bin", "scan1.bin", true)]
    public void An_identifiable_path_pattern_matches_like_a_glob(string pattern, string path, bool matches)
    {
        Assert.Equal(matches, new IdentifiablePathRule([pattern]).Match(path) is not null);
    }
}
