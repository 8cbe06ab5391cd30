using System.Text;
using DropBox.Deidentify.Verification;

namespace DropBox.Deidentify.Tests.Verification;

public sealed class NeedleSearchTests
{
    private static readonly byte[] Name = Encoding.UTF8.GetBytes("Zebediah");
    private static readonly byte[] Id = Encoding.UTF8.GetBytes("PID-77321");

    [Theory]
    [InlineData(0)]
    [InlineData(1000)]
    [InlineData(128 * 1024 - 4)] // straddles the first and second read
    [InlineData(128 * 1024 - 1)]
    [InlineData(128 * 1024)]
    [InlineData(3 * 128 * 1024 - 5)]
    [InlineData(5 * 128 * 1024 - 8)] // the last bytes of the stream
    public void A_needle_is_found_at_its_offset_wherever_the_reads_split_it(int offset)
    {
        var haystack = Noise(5 * 128 * 1024);
        Name.CopyTo(haystack, offset);

        var found = new NeedleSearch([Id, Name]).FirstIn(new MemoryStream(haystack));

        Assert.Equal(offset, found);
    }

    [Fact]
    public void The_earliest_match_of_any_needle_is_reported()
    {
        var haystack = Noise(300_000);
        Name.CopyTo(haystack, 250_000);
        Id.CopyTo(haystack, 200_000);

        Assert.Equal(200_000, new NeedleSearch([Name, Id]).FirstIn(new MemoryStream(haystack)));
    }

    [Fact]
    public void A_prefix_alone_or_a_needle_cut_by_the_end_of_the_stream_is_no_match()
    {
        var haystack = Noise(200_000);
        Encoding.UTF8.GetBytes("Zebedee").CopyTo(haystack, 10_000); // same first 4 bytes, different rest
        Name.AsSpan(0, 6).CopyTo(haystack.AsSpan(haystack.Length - 6));

        Assert.Null(new NeedleSearch([Name]).FirstIn(new MemoryStream(haystack)));
    }

    [Fact]
    public void Needles_sharing_their_first_four_bytes_are_each_found()
    {
        var other = Encoding.UTF8.GetBytes("Zebulon");
        var haystack = Noise(100_000);
        other.CopyTo(haystack, 70_000);

        Assert.Equal(70_000, new NeedleSearch([Name, other]).FirstIn(new MemoryStream(haystack)));
    }

    [Fact]
    public void Needles_shorter_than_four_bytes_are_refused() =>
        Assert.Throws<ArgumentException>(() => new NeedleSearch([Encoding.UTF8.GetBytes("Ann")]));

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void The_vectorised_search_finds_exactly_what_testing_every_offset_finds(int seed)
    {
        // Needles over the whole byte range (control bytes as in ISO 2022 escapes, Latin-1 and UTF-8 high bytes),
        // haystacks of random bytes drawn partly from the needles' own bytes so prefixes match often, and planted
        // needles at block edges and at the very end.
        var random = new Random(seed);
        var needles = Enumerable.Range(0, 12).Select(_ => RandomBytes(random, random.Next(4, 12))).ToList();
        needles.Add([0x1B, 0x24, 0x42, 0x46, 0x7C]);
        needles.Add(Encoding.UTF8.GetBytes("Ünal^Zoë"));
        var alphabet = needles.SelectMany(n => n).Distinct().ToArray();
        var vectorised = new NeedleSearch(needles, vectorised: true);
        var oneByOne = new NeedleSearch(needles, vectorised: false);
        for (var round = 0; round < 300; round++)
        {
            var haystack = new byte[random.Next(0, 300)];
            for (var i = 0; i < haystack.Length; i++)
            {
                haystack[i] = random.Next(3) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }
            if (haystack.Length > 20 && random.Next(2) == 0)
            {
                var needle = needles[random.Next(needles.Count)];
                var at = random.Next(4) switch
                {
                    0 => haystack.Length - needle.Length,
                    1 => Math.Min(31, haystack.Length - needle.Length),
                    2 => Math.Min(32, haystack.Length - needle.Length),
                    _ => random.Next(haystack.Length - needle.Length + 1),
                };
                needle.CopyTo(haystack, at);
            }

            Assert.Equal(oneByOne.FirstIn(haystack), vectorised.FirstIn(haystack));
        }
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Bytes that cannot contain the needles (no ASCII letters), so every hit is a planted one.</summary>
    private static byte[] Noise(int length)
    {
        var bytes = new byte[length];
        new Random(7).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is >= (byte)'-' and <= (byte)'z')
            {
                bytes[i] = 0x80;
            }
        }
        return bytes;
    }
}
