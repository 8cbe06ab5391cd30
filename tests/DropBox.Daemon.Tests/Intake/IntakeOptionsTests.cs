using DropBox.Daemon.Intake;

namespace DropBox.Daemon.Tests.Intake;

public sealed class IntakeOptionsTests
{
    [Fact]
    public void The_defaults_are_valid_and_documented_values()
    {
        var options = new IntakeOptions();

        Assert.Empty(options.Validate("Intake"));
        Assert.Equal(TimeSpan.FromMinutes(2), options.QuietPeriod);
        Assert.Equal(TimeSpan.FromSeconds(30), options.PollInterval);
        Assert.Equal(TimeSpan.FromHours(1), options.IncompleteDeadline);
    }

    [Fact]
    public void Validation_lists_every_problem_at_once_with_the_prefix()
    {
        var options = new IntakeOptions { QuietPeriod = TimeSpan.Zero, PollInterval = TimeSpan.FromSeconds(-1), IncompleteDeadline = TimeSpan.Zero, ClaimSettleDelay = TimeSpan.FromSeconds(-1) };

        var errors = options.Validate("Projects:liver:Intake").ToList();

        Assert.Equal(4, errors.Count);
        Assert.All(errors, e => Assert.StartsWith("Projects:liver:Intake:", e, StringComparison.Ordinal));
    }

    [Fact]
    public void A_deadline_shorter_than_the_quiet_period_is_refused()
    {
        var options = new IntakeOptions { QuietPeriod = TimeSpan.FromMinutes(10), IncompleteDeadline = TimeSpan.FromMinutes(5) };

        Assert.Contains(options.Validate("Intake"), e => e.Contains("IncompleteDeadline", StringComparison.Ordinal));
    }
}
