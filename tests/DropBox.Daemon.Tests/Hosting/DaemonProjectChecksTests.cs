using DropBox.Daemon.Encrypt;
using DropBox.Daemon.Hosting;
using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Tests.Hosting;

public sealed class DaemonProjectChecksTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dbx-project-checks-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Each_projects_receiver_keys_are_checked_with_that_projects_own_gpg()
    {
        var options = new DropBoxOptions { StateDirectory = Path.Combine(_root, "state") };
        options.Projects["a"] = Project("a", "/nonexistent/gpg-of-a");
        options.Projects["b"] = Project("b", "/nonexistent/gpg-of-b");

        var errors = await new ConfigValidator(new DaemonProjectChecks(TimeProvider.System)).ValidateAsync(options, CancellationToken.None);

        Assert.Contains(errors, e => e.StartsWith("project 'a':", StringComparison.Ordinal) && e.Contains("gpg-of-a", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("project 'b':", StringComparison.Ordinal) && e.Contains("gpg-of-b", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.StartsWith("project 'b':", StringComparison.Ordinal) && e.Contains("gpg-of-a", StringComparison.Ordinal));
    }

    private ProjectOptions Project(string name, string gpgPath)
    {
        var root = Directory.CreateDirectory(Path.Combine(_root, name)).FullName;
        var key = Path.Combine(root, "receiver.asc");
        File.WriteAllText(key, "not checked before gpg starts");
        return new ProjectOptions
        {
            Root = root, Direction = "From_A_To_B", Senders = ["A"], ReceiverKeys = [key],
            Encrypt = new EncryptOptions { GpgPath = gpgPath },
        };
    }
}
