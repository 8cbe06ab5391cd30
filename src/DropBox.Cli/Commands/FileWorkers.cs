using System.Runtime.ExceptionServices;

namespace DropBox.Cli;

/// <summary>
/// Runs an action over files on a few plain threads that take the next run of files from a shared counter.
/// Parallel.ForEach would do the same, but its first use starts the TPL's event-source machinery (~15 ms of
/// reflection), which a one-shot command notices. Runs of consecutive files (sorted paths: mostly one folder, one
/// series) keep the workers writing into different output folders: two threads creating files in one folder
/// queue on its lock, and taking files one by one made a 2-core run slower than one thread.
/// An exception the action lets through stops every worker and is rethrown here.
/// </summary>
internal static class FileWorkers
{
    public static void Run(IReadOnlyList<string> files, int jobs, Action<string> each)
    {
        var run = Math.Clamp(files.Count / (Math.Max(1, jobs) * 8), 1, 64);
        var next = 0;
        ExceptionDispatchInfo? failure = null;
        void Work()
        {
            try
            {
                for (var start = Interlocked.Add(ref next, run) - run; start < files.Count; start = Interlocked.Add(ref next, run) - run)
                {
                    for (var i = start; i < Math.Min(start + run, files.Count) && Volatile.Read(ref failure) is null; i++)
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
}
