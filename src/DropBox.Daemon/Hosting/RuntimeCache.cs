using DropBox.Daemon.Projects;

namespace DropBox.Daemon.Hosting;

/// <summary>
/// The per-project runtimes of the configuration in force, built on first use and leased by the passes that use
/// them. A reload retires the previous configuration's runtimes: each is disposed (which closes its pseudonym store's
/// database connection) as soon as no pass holds it, at once when none does. Passes never see a disposed runtime.
/// </summary>
internal sealed class RuntimeCache<T>(Func<string, DropBoxOptions, T?> create) : IDisposable
    where T : class, IDisposable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Entry> _current = new(StringComparer.Ordinal);
    private DropBoxOptions? _options;
    private bool _disposed;

    /// <summary>
    /// A lease on <paramref name="project"/>'s runtime under <paramref name="options"/> (retiring the runtimes of any
    /// other configuration), or null when that configuration has no such project. Dispose the lease when done.
    /// </summary>
    public Lease? Acquire(DropBoxOptions options, string project)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!ReferenceEquals(options, _options))
            {
                RetireAll();
                _options = options;
            }
            if (!_current.TryGetValue(project, out var entry))
            {
                if (create(project, options) is not { } runtime)
                {
                    return null;
                }
                entry = new Entry(runtime);
                _current[project] = entry;
            }
            entry.Leases++;
            return new Lease(this, entry);
        }
    }

    /// <summary>Retires every runtime: those in use are disposed when their last lease ends.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            RetireAll();
        }
    }

    private void RetireAll()
    {
        foreach (var entry in _current.Values)
        {
            entry.Retired = true;
            if (entry.Leases == 0)
            {
                entry.Runtime.Dispose();
            }
        }
        _current.Clear();
    }

    private void Release(Entry entry)
    {
        lock (_gate)
        {
            entry.Leases--;
            if (entry.Retired && entry.Leases == 0)
            {
                entry.Runtime.Dispose();
            }
        }
    }

    internal sealed class Entry(T runtime)
    {
        public T Runtime => runtime;
        public int Leases { get; set; }
        public bool Retired { get; set; }
    }

    /// <summary>One pass's hold on a runtime.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly RuntimeCache<T> _cache;
        private readonly Entry _entry;
        private int _released;

        internal Lease(RuntimeCache<T> cache, Entry entry)
        {
            _cache = cache;
            _entry = entry;
        }

        public T Runtime => _entry.Runtime;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                _cache.Release(_entry);
            }
        }
    }
}
