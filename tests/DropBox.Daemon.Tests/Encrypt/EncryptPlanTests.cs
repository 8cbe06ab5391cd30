using DropBox.Daemon.Encrypt;

namespace DropBox.Daemon.Tests.Encrypt;

public sealed class EncryptPlanTests
{
    private static void AssertEveryJobOnceInOrder(IReadOnlyList<int[]> groups, int count)
    {
        Assert.Equal(Enumerable.Range(0, count), groups.SelectMany(g => g).Order());
        Assert.All(groups, g => Assert.Equal(g.Order(), g));
        Assert.DoesNotContain(groups, g => g.Length == 0);
    }

    [Fact]
    public void Many_equal_files_are_shared_evenly_between_the_processes()
    {
        var groups = EncryptPlan.Split(Enumerable.Repeat(300_000L, 500).ToList(), maxProcesses: 2, maxFilesPerGroup: 500);

        Assert.Equal(2, groups.Count);
        Assert.All(groups, g => Assert.Equal(250, g.Length));
        AssertEveryJobOnceInOrder(groups, 500);
    }

    [Fact]
    public void One_large_file_gets_a_process_of_its_own_while_the_small_ones_share_the_other()
    {
        long[] lengths = [1_000, 2_000_000_000, 1_000, 5_000, 3_000];

        var groups = EncryptPlan.Split(lengths, maxProcesses: 2, maxFilesPerGroup: 500);

        Assert.Equal(2, groups.Count);
        Assert.Contains(groups, g => g.SequenceEqual([1]));
        Assert.Contains(groups, g => g.SequenceEqual([0, 2, 3, 4]));
    }

    [Fact]
    public void No_group_holds_more_than_the_files_one_process_may_take()
    {
        var groups = EncryptPlan.Split(Enumerable.Range(1, 1_201).Select(i => (long)i).ToList(), maxProcesses: 2, maxFilesPerGroup: 500);

        Assert.Equal(3, groups.Count);
        Assert.All(groups, g => Assert.True(g.Length <= 500));
        AssertEveryJobOnceInOrder(groups, 1_201);
    }

    [Theory]
    [InlineData(1, 4, 1)]
    [InlineData(4, 1, 1)]
    [InlineData(3, 8, 3)]
    [InlineData(0, 2, 0)]
    public void There_are_never_more_groups_than_files_or_processes(int files, int processes, int expectedGroups)
    {
        var groups = EncryptPlan.Split(Enumerable.Repeat(10L, files).ToList(), processes, maxFilesPerGroup: 500);

        Assert.Equal(expectedGroups, groups.Count);
        AssertEveryJobOnceInOrder(groups, files);
    }
}
