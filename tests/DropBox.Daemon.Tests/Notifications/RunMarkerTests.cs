using DropBox.Daemon.Notifications;
using DropBox.Testing;

namespace DropBox.Daemon.Tests.Notifications;

/// <summary>The marker that tells a restart after a crash from a restart after a clean stop.</summary>
public sealed class RunMarkerTests : IDisposable
{
    private readonly TempDir _dir = new("dbx-runmarker");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_start_after_a_clean_stop_is_clean_and_a_start_after_a_crash_is_not()
    {
        var clock = new FakeTimeProvider();

        Assert.False(RunMarker.Begin(_dir.Path, clock));   // first start ever
        RunMarker.End(_dir.Path);                           // clean stop
        Assert.False(RunMarker.Begin(_dir.Path, clock));   // clean restart
        Assert.True(RunMarker.Begin(_dir.Path, clock));    // the run before never reached End: a crash or a kill
    }
}
