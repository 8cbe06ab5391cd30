using DropBox.Daemon.Hosting;
using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Tests.Hosting;

public sealed class RuntimeCacheTests
{
    private sealed class FakeRuntime(string project) : IDisposable
    {
        public string Project => project;
        public int Disposals { get; private set; }
        public void Dispose() => Disposals++;
    }

    private readonly List<FakeRuntime> _built = [];

    private RuntimeCache<FakeRuntime> NewCache() => new((project, options) =>
    {
        if (!options.Projects.ContainsKey(project))
        {
            return null;
        }
        var runtime = new FakeRuntime(project);
        _built.Add(runtime);
        return runtime;
    });

    private static DropBoxOptions Config(params string[] projects)
    {
        var options = new DropBoxOptions();
        foreach (var project in projects)
        {
            options.Projects[project] = new ProjectOptions();
        }
        return options;
    }

    [Fact]
    public void One_configuration_builds_each_project_once_and_has_no_runtime_for_a_project_it_lacks()
    {
        using var cache = NewCache();
        var config = Config("liver");

        using (var first = cache.Acquire(config, "liver"))
        using (var second = cache.Acquire(config, "liver"))
        {
            Assert.Same(first!.Runtime, second!.Runtime);
        }

        Assert.Null(cache.Acquire(config, "kidney"));
        Assert.Single(_built);
        Assert.Equal(0, _built[0].Disposals);
    }

    [Fact]
    public void A_reload_disposes_an_idle_runtime_at_once_and_the_next_pass_gets_a_new_one()
    {
        using var cache = NewCache();
        using (cache.Acquire(Config("liver"), "liver"))
        {
        }

        using var next = cache.Acquire(Config("liver"), "liver");

        Assert.Equal(2, _built.Count);
        Assert.Equal(1, _built[0].Disposals);
        Assert.Same(_built[1], next!.Runtime);
        Assert.Equal(0, _built[1].Disposals);
    }

    [Fact]
    public void A_runtime_a_pass_still_holds_is_disposed_only_when_that_pass_ends_and_only_once()
    {
        using var cache = NewCache();
        var running = cache.Acquire(Config("liver"), "liver")!;

        using (cache.Acquire(Config("liver", "kidney"), "kidney")) // a reload while the liver pass runs
        {
        }
        Assert.Equal(0, running.Runtime.Disposals);

        running.Dispose();
        running.Dispose();
        Assert.Equal(1, running.Runtime.Disposals);
    }

    [Fact]
    public void Disposing_the_cache_disposes_idle_runtimes_now_and_busy_ones_after_their_pass()
    {
        var cache = NewCache();
        var config = Config("liver", "kidney");
        using (cache.Acquire(config, "kidney"))
        {
        }
        var busy = cache.Acquire(config, "liver")!;

        cache.Dispose();

        Assert.Equal(1, _built.Single(r => r.Project == "kidney").Disposals);
        Assert.Equal(0, busy.Runtime.Disposals);
        busy.Dispose();
        Assert.Equal(1, busy.Runtime.Disposals);
        Assert.Throws<ObjectDisposedException>(() => cache.Acquire(config, "liver"));
    }
}
