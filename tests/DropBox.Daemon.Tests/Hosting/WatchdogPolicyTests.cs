using DropBox.Daemon.Hosting;
using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Tests.Hosting;

public sealed class WatchdogPolicyTests
{
    private static readonly DateTimeOffset T = new(2026, 11, 22, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_window_is_ten_poll_intervals_but_never_under_ten_minutes()
    {
        var fast = new DropBoxOptions { Projects = { ["a"] = new ProjectOptions() } };
        fast.Projects["a"].Intake.PollInterval = TimeSpan.FromSeconds(30);
        var slow = new DropBoxOptions { Projects = { ["a"] = new ProjectOptions(), ["b"] = new ProjectOptions() } };
        slow.Projects["b"].Intake.PollInterval = TimeSpan.FromMinutes(5);

        Assert.Equal(TimeSpan.FromMinutes(10), WatchdogPolicy.For(fast).Window);
        Assert.Equal(TimeSpan.FromMinutes(50), WatchdogPolicy.For(slow).Window);
    }

    [Fact]
    public void Recent_progress_pings_and_stale_progress_with_no_job_running_does_not()
    {
        var policy = new WatchdogPolicy(TimeSpan.FromMinutes(10));

        Assert.True(policy.ShouldPing(T, T.AddMinutes(-9), null));
        Assert.False(policy.ShouldPing(T, T.AddMinutes(-11), null));
    }

    [Fact]
    public void A_long_job_keeps_the_pings_going_until_it_has_run_for_twelve_windows()
    {
        var policy = new WatchdogPolicy(TimeSpan.FromMinutes(10));

        Assert.True(policy.ShouldPing(T, T.AddMinutes(-90), oldestRunningSince: T.AddMinutes(-90)));
        Assert.False(policy.ShouldPing(T, T.AddMinutes(-121), oldestRunningSince: T.AddMinutes(-121)));
    }
}
