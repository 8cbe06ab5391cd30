namespace DropBox.Daemon.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void The_test_project_builds_and_runs()
    {
        Assert.Equal("DropBox.Daemon", typeof(SmokeTests).Assembly.GetName().Name!.Replace(".Tests", "", StringComparison.Ordinal));
    }
}
