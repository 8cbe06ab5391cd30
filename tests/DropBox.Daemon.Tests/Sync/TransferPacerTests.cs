using DropBox.Daemon.Sync;

namespace DropBox.Daemon.Tests.Sync;

public sealed class TransferPacerTests
{
    [Theory]
    [InlineData(2_000_000, 12_000_000)]
    [InlineData(50_000, 1_000_000)]
    [InlineData(10_000_000, 100_000_000)]
    public void A_capped_transfer_runs_within_ten_percent_of_the_cap(long cap, long size)
    {
        var time = new FakeTimeProvider();
        var pacer = new TransferPacer(cap, time);
        var start = time.GetUtcNow();

        long sent = 0;
        while (sent < size)
        {
            Step(pacer, time);
            sent += pacer.PieceSize;
        }

        var rate = sent / (time.GetUtcNow() - start).TotalSeconds;
        Assert.InRange(rate, cap * 0.9, cap * 1.1);
    }

    [Fact]
    public async Task After_a_long_pause_the_pacer_does_not_burst_to_catch_up()
    {
        var time = new FakeTimeProvider();
        var pacer = new TransferPacer(100_000, time);
        await pacer.WaitAsync(pacer.PieceSize, default);
        time.Advance(TimeSpan.FromSeconds(10)); // a stall, or the gap between two files

        var waits = 0;
        for (var i = 0; i < 20; i++)
        {
            waits += Step(pacer, time);
        }

        // 20 pieces of 2,000 bytes at 100,000 B/s take about 400 ms; without the forgotten credit they would all
        // have left at once.
        Assert.InRange(waits, 300, 450);
    }

    /// <summary>Books a piece and lets the fake clock run for exactly the wait the pacer asks; the wait in ms.</summary>
    private static int Step(TransferPacer pacer, FakeTimeProvider time)
    {
        var delay = pacer.Reserve(pacer.PieceSize);
        time.Advance(delay);
        return (int)delay.TotalMilliseconds;
    }

    [Fact]
    public void Without_a_cap_nothing_waits()
    {
        var pacer = new TransferPacer(0, new FakeTimeProvider());
        Assert.True(pacer.WaitAsync(1_000_000, default).IsCompleted);
        Assert.Equal(TimeSpan.Zero, pacer.Reserve(1_000_000));
    }
}
