using DropBox.Deidentify.Pixels.Ocr;
using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Deidentify.Tests.Pixels.Ocr;

public sealed class FrameTextReadingTests
{
    /// <summary>Reads a frame's first pixel back as its text, after a wait that makes later frames finish first,
    /// and records how many reads ran at once.</summary>
    private sealed class StandInReader(int failOnFrame = -1) : IFrameTextReader
    {
        private int _running;

        public int MostAtOnce { get; private set; }

        public IReadOnlyList<FoundText> Read(FrameImage frame, CancellationToken cancellationToken)
        {
            var running = Interlocked.Increment(ref _running);
            lock (this)
            {
                MostAtOnce = Math.Max(MostAtOnce, running);
            }
            try
            {
                var index = frame.Pixels[0];
                if (index == failOnFrame)
                {
                    throw new FrameTextReadException($"frame {index} could not be read");
                }
                // Earlier frames wait longer, so with parallelism they finish after later ones.
                Thread.Sleep((8 - index) * 5);
                return [new FoundText(new PixelRegion(0, 0, 1, 1), $"frame{index}", 90)];
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }
    }

    private static List<FrameImage> Frames(int count) =>
        Enumerable.Range(0, count).Select(i => new FrameImage(1, 1, 1, [(byte)i])).ToList();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Readings_come_back_in_frame_order_whatever_order_they_finish_in(int parallelism)
    {
        var reader = new StandInReader();

        var readings = FrameTextReading.ReadAll(reader, Frames(8), parallelism, CancellationToken.None);

        Assert.Equal(Enumerable.Range(0, 8).Select(i => $"frame{i}"), readings.Select(r => Assert.Single(r).Text));
        Assert.InRange(reader.MostAtOnce, 1, parallelism);
    }

    [Fact]
    public void A_frame_that_cannot_be_read_fails_the_reading_with_its_own_exception_not_an_aggregate()
    {
        var error = Assert.Throws<FrameTextReadException>(
            () => FrameTextReading.ReadAll(new StandInReader(failOnFrame: 5), Frames(8), 2, CancellationToken.None));

        Assert.Equal("frame 5 could not be read", error.Message);
    }

    [Fact]
    public void No_frames_read_as_no_readings() =>
        Assert.Empty(FrameTextReading.ReadAll(new StandInReader(), [], 2, CancellationToken.None));
}
