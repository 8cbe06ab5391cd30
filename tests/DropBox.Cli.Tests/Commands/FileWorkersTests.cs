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
}
