using System.Runtime.ExceptionServices;

namespace DropBox.Cli;

/// <summary>
/// Runs an action over files on a few plain threads that take the next run of files from a shared counter.
/// Parallel.ForEach would do the same, but its first use starts the TPL's event-source machinery (~15 ms of
/// reflection), which a one-shot command notices. Runs of consecutive files (sorted paths: mostly one folder, one
/// series) keep the workers writing into different output folders: two threads creating files in one folder
/// queue on its lock, and taking files one by one made a 2-core run slower than one thread. Runs shrink as the list
/// runs out (a share of what is left, down to one file), so the workers finish together instead of one of them
/// working through a last long run alone.
/// An exception the action lets through stops every worker and is rethrown here.
/// </summary>
internal static class FileWorkers
{
    public static void Run(IReadOnlyList<string> files, int jobs, Action<string> each)
    {
        var next = 0;
        ExceptionDispatchInfo? failure = null;
        void Work()
        {
            try
            {
                while (TakeRun(ref next, files.Count, jobs, out var start, out var end))
                {
                    for (var i = start; i < end && Volatile.Read(ref failure) is null; i++)
                    {
                        each(files[i]);
                    }
                }
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref failure, ExceptionDispatchInfo.Capture(e), null);
            }
        }
        var helpers = new Thread[Math.Clamp(jobs, 1, Math.Max(1, files.Count)) - 1];
        for (var t = 0; t < helpers.Length; t++)
        {
            helpers[t] = new Thread(Work) { IsBackground = true, Name = $"deid worker {t + 2}" };
            helpers[t].Start();
        }
        Work();
        foreach (var helper in helpers)
        {
            helper.Join();
        }
        failure?.Throw();
    }

    /// <summary>The length of the next run when <paramref name="remaining"/> files are left: a quarter of each worker's share, 1 to 64.</summary>
    internal static int RunLength(int remaining, int jobs) => Math.Clamp(remaining / (Math.Max(1, jobs) * 4), 1, 64);

    /// <summary>Claims the next run [start, end) from the shared counter; false when every file is taken.</summary>
    private static bool TakeRun(ref int next, int count, int jobs, out int start, out int end)
    {
        while (true)
        {
            start = Volatile.Read(ref next);
            if (start >= count)
            {
                end = start;
                return false;
            }
            end = start + RunLength(count - start, jobs); // never more than what is left
            if (Interlocked.CompareExchange(ref next, end, start) == start)
            {
                return true;
            }
        }
    }
}
