using DropBox.Daemon.Outbox;

namespace DropBox.Daemon.Tests.Outbox;

public sealed class OutboxOptionsTests
{
    [Fact]
    public void By_default_the_mode_is_left_to_the_umask()
    {
        Assert.Null(new OutboxOptions().Mode);
        Assert.Empty(new OutboxOptions().Validate("P:Outbox"));
    }

    [Theory]
    [InlineData("640")]
    [InlineData("0640")]
    public void An_octal_mode_is_accepted(string mode)
    {
        var options = new OutboxOptions { FileMode = mode };

        Assert.Empty(options.Validate("P:Outbox"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, options.Mode);
    }

    [Theory]
    [InlineData("rw-r-----")]
    [InlineData("0980")]
    [InlineData("17777")]
    public void A_mode_that_is_not_octal_is_reported(string mode)
    {
        var error = Assert.Single(new OutboxOptions { FileMode = mode }.Validate("Projects:liver:Outbox"));

        Assert.StartsWith("Projects:liver:Outbox:FileMode", error, StringComparison.Ordinal);
    }
}
