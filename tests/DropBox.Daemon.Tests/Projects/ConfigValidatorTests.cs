using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Tests.Projects;

public sealed class ConfigValidatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dbx-validator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Validating_creates_no_folder_a_missing_state_or_work_directory_is_made_at_start_not_here()
    {
        var state = Path.Combine(_root, "state");
        var work = Path.Combine(_root, "home", ".dropbox");
        var options = new DropBoxOptions { StateDirectory = state };
        options.Projects["liver"] = Project(work);

        var errors = await new ConfigValidator(new ProjectChecks()).ValidateAsync(options, CancellationToken.None);

        Assert.Empty(errors);
        Assert.False(Directory.Exists(state));
        Assert.False(Directory.Exists(work));
    }

    [Fact]
    public async Task A_state_directory_that_cannot_be_made_is_an_error()
    {
        var options = new DropBoxOptions { StateDirectory = "/proc/dropbox-cannot-be-made/state" };
        options.Projects["liver"] = Project(Path.Combine(_root, "home", ".dropbox"));

        var errors = await new ConfigValidator(new ProjectChecks()).ValidateAsync(options, CancellationToken.None);

        Assert.Contains(errors, e => e.StartsWith("StateDirectory: folder /proc/dropbox-cannot-be-made/state cannot be created", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_outbox_file_mode_is_bound_from_the_configuration_and_validated()
    {
        var config = Path.Combine(_root, "appsettings.json");
        File.WriteAllText(config, """
            { "DropBox": { "StateDirectory": "state", "Projects": { "liver": {
                "Root": "home", "Direction": "From_A_To_B", "Senders": ["A"], "ReceiverKeys": ["k.asc"],
                "Outbox": { "FileMode": "0640" } } } } }
            """);

        var options = ConfigLoader.Load(config);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, options.Projects["liver"].Outbox.Mode);
        options.Projects["liver"].Outbox.FileMode = "rw-r-----";
        var errors = await new ConfigValidator(new ProjectChecks()).ValidateAsync(options, CancellationToken.None);
        Assert.Contains(errors, e => e.StartsWith("project 'liver': Outbox:FileMode", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_project_without_a_far_site_is_valid_and_the_warning_names_it_with_the_flags_that_add_one()
    {
        var project = Project(Path.Combine(_root, "home", ".dropbox"));
        File.WriteAllText(Path.Combine(_root, "appsettings.json"), $$"""
            { "DropBox": { "StateDirectory": "state", "Projects": {
                "liver": { "Root": "{{project.Root}}", "Direction": "From_A_To_B", "Senders": ["A"], "ReceiverKeys": ["{{project.ReceiverKeys[0]}}"] },
                "kidney": { "Root": "kidney", "Direction": "From_A_To_B", "Senders": ["A"], "ReceiverKeys": ["k.asc"],
                            "Sync": { "Target": { "Type": "local", "Directory": "far" } } } } } }
            """);

        var options = ConfigLoader.Load(Path.Combine(_root, "appsettings.json"));
        var errors = await new ConfigValidator(new ProjectChecks()).ValidateAsync(options, CancellationToken.None);

        Assert.Null(options.Projects["liver"].Sync.Target);
        Assert.DoesNotContain(errors, e => e.Contains("'liver'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("project 'kidney':", StringComparison.Ordinal)); // the other project is still checked
        var warning = Assert.Single(ConfigValidator.Warnings(options));
        Assert.StartsWith("project 'liver': no far site (Sync.Target is not set)", warning, StringComparison.Ordinal);
        Assert.Contains("nothing is synced", warning, StringComparison.Ordinal);
        Assert.Contains("--target-sftp user@host[:port]:/path --target-identity KEY --target-known-hosts FILE", warning, StringComparison.Ordinal);
        Assert.Contains("--target-local DIR", warning, StringComparison.Ordinal);
    }

    private ProjectOptions Project(string workDirectory)
    {
        var root = Path.Combine(_root, "home");
        Directory.CreateDirectory(Path.Combine(root, "A", "gpg"));
        Directory.CreateDirectory(Path.Combine(root, "club_house", "From_A_To_B", "gpg-A"));
        var key = Path.Combine(root, "receiver.asc");
        File.WriteAllText(key, "key");
        var project = new ProjectOptions { Root = root, Direction = "From_A_To_B", Senders = ["A"], ReceiverKeys = [key], WorkDirectory = workDirectory };
        project.Deidentify.Project = "liver";
        project.Sync.Target = new() { Type = "local", Directory = _root };
        return project;
    }
}
