using System.Collections.Concurrent;

namespace DropBox.Cli.Tests.Commands;

public sealed class FileWorkersTests
{
    [Theory]
    [InlineData(0, 2)]
    [InlineData(1, 2)]
    [InlineData(7, 1)]
    [InlineData(500, 2)]
    [InlineData(33, 5)]
    public void Every_file_is_handed_to_exactly_one_worker_once(int count, int jobs)
    {
        var files = Enumerable.Range(0, count).Select(i => $"f{i:D4}").ToList();
        var seen = new ConcurrentBag<string>();

        FileWorkers.Run(files, jobs, seen.Add);

        Assert.Equal(files, seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void An_exception_a_worker_lets_through_stops_the_run_and_reaches_the_caller()
    {
        var files = Enumerable.Range(0, 200).Select(i => $"f{i:D4}").ToList();
        var handled = 0;

        var thrown = Assert.Throws<InvalidOperationException>(() => FileWorkers.Run(files, 2, file =>
        {
            Interlocked.Increment(ref handled);
            if (file == "f0003")
            {
                throw new InvalidOperationException("boom");
            }
        }));

        Assert.Equal("boom", thrown.Message);
        Assert.True(handled < files.Count, "the workers stopped after the failure");
    }

    [Theory]
    [InlineData(500, 2, 62)]
    [InlineData(5000, 2, 64)]
    [InlineData(40, 2, 5)]
    [InlineData(7, 2, 1)]
    [InlineData(1, 2, 1)]
    [InlineData(100, 0, 25)]
    public void Runs_are_a_share_of_what_is_left_so_the_last_files_go_one_at_a_time(int remaining, int jobs, int expected)
    {
        Assert.Equal(expected, FileWorkers.RunLength(remaining, jobs));
    }

    [Fact]
    public void Consecutive_files_mostly_go_to_the_same_worker()
    {
        var files = Enumerable.Range(0, 500).Select(i => $"f{i:D4}").ToList();
        var owner = new ConcurrentDictionary<string, int>();

        FileWorkers.Run(files, 2, file => owner[file] = Environment.CurrentManagedThreadId);

        var switches = files.Zip(files.Skip(1)).Count(pair => owner[pair.First] != owner[pair.Second]);
        Assert.True(switches < 100, $"{switches} hand-overs between neighbouring files");
    }
}
