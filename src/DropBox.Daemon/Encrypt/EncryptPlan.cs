namespace DropBox.Daemon.Encrypt;

/// <summary>
/// Splits one batch into groups, one gpg process each, so that <c>maxProcesses</c> processes finish at about the
/// same time: gpg encrypts one stream on one core, so two cores need two processes. Largest files first, each to
/// the group with the least work so far (longest-processing-time first); within a group the jobs keep their input
/// order. Pure, so the split can be tested without gpg.
/// </summary>
internal static class EncryptPlan
{
    /// <summary>What one more file costs a gpg process beyond its bytes (status lines, open, close, rename): about
    /// 1.7 ms, which is ~400 KB at gpg's ~256 MB/s. It keeps many tiny files from all landing in one group.</summary>
    internal const long PerFileCostBytes = 400_000;

    /// <param name="lengths">Each job's input length in bytes (0 when missing).</param>
    /// <param name="maxProcesses">Processes that may run at once (the core count); at least 1.</param>
    /// <param name="maxFilesPerGroup">Files one process may be given at most (<see cref="EncryptOptions.MaxFilesPerProcess"/>).</param>
    /// <returns>Groups of job indices, each ascending; every index exactly once; no group empty.</returns>
    public static IReadOnlyList<int[]> Split(IReadOnlyList<long> lengths, int maxProcesses, int maxFilesPerGroup)
    {
        ArgumentNullException.ThrowIfNull(lengths);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxProcesses, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFilesPerGroup, 1);
        if (lengths.Count == 0)
        {
            return [];
        }

        var byCount = (lengths.Count + maxFilesPerGroup - 1) / maxFilesPerGroup;
        var groupCount = Math.Max(byCount, Math.Min(maxProcesses, lengths.Count));
        var groups = Enumerable.Range(0, groupCount).Select(_ => new List<int>()).ToArray();
        var load = new long[groupCount];
        var order = Enumerable.Range(0, lengths.Count).OrderByDescending(i => lengths[i]).ThenBy(i => i);
        foreach (var i in order)
        {
            var target = -1;
            for (var g = 0; g < groupCount; g++)
            {
                if (groups[g].Count < maxFilesPerGroup && (target < 0 || load[g] < load[target]))
                {
                    target = g;
                }
            }

            groups[target].Add(i);
            load[target] += lengths[i] + PerFileCostBytes;
        }

        return groups.Where(g => g.Count > 0).Select(g => g.Order().ToArray()).ToList();
    }
}
