using DropBox.Daemon.Pipeline.Steps;

namespace DropBox.Daemon.Tests.Pipeline;

/// <summary>The steps' tallies add up to the pass's result; one failed step fails the pass.</summary>
public sealed class PassTallyTests
{
    [Fact]
    public void The_tallies_of_the_steps_add_up_and_a_failure_in_any_step_fails_the_pass()
    {
        var claim = PassTally.WaitingFor(2);
        var prepare = PassTally.OneQuarantined + PassTally.WaitingFor(1);
        var publish = PassTally.OnePublished + PassTally.OnePublished + PassTally.Failure;

        var pass = (claim + prepare + publish).ToResult();

        Assert.Equal(2, pass.Published);
        Assert.Equal(1, pass.Quarantined);
        Assert.Equal(3, pass.Waiting);
        Assert.True(pass.Failed);
        Assert.False((claim + prepare).ToResult().Failed);
        Assert.Equal(PassTally.None, default);
    }
}
