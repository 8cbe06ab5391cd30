using DropBox.Daemon.Encrypt;

namespace DropBox.Daemon.Tests.Encrypt;

public sealed class EncryptOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_compression_is_off()
    {
        var options = new EncryptOptions();

        Assert.Empty(options.Validate("P:Encrypt"));
        Assert.False(options.Compress);
        Assert.Equal("gpg", options.GpgPath);
    }

    [Fact]
    public void Every_problem_is_listed_at_once_with_its_path()
    {
        var options = new EncryptOptions { GpgPath = "bin/gpg", TimeoutPerGigabyte = TimeSpan.Zero, MinimumTimeout = TimeSpan.FromSeconds(-1), MaxFilesPerProcess = 0 };

        var errors = options.Validate("Projects:liver:Encrypt").ToList();

        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Projects:liver:Encrypt:", e, StringComparison.Ordinal));
    }
}
