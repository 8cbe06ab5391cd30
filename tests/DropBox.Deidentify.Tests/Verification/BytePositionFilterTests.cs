using System.Runtime.Intrinsics.X86;
using System.Text;
using DropBox.Deidentify.Verification;

namespace DropBox.Deidentify.Tests.Verification;

public sealed class BytePositionFilterTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Every_offset_whose_four_bytes_are_in_their_positions_sets_is_a_candidate(int seed)
    {
        Assert.True(Avx2.IsSupported, "these tests need an AVX2 CPU (the CI machine has one)");
        var random = new Random(seed);
        var needles = Enumerable.Range(0, 6).Select(_ => RandomBytes(random, 4)).ToList();
        var sets = Sets(needles);
        var tables = new BytePositionFilter(needles).Tables;
        var block = new byte[BytePositionFilter.BytesRead];
        var alphabet = needles.SelectMany(n => n).ToArray();
        var exactSeen = 0;
        for (var round = 0; round < 5000; round++)
        {
            for (var i = 0; i < block.Length; i++)
            {
                block[i] = random.Next(4) == 0 ? (byte)random.Next(256) : alphabet[random.Next(alphabet.Length)];
            }
            var candidates = tables.Candidates(ref block[0]);
            for (var j = 0; j < BytePositionFilter.Width; j++)
            {
                if (Enumerable.Range(0, 4).All(p => sets[p].Contains(block[j + p])))
                {
                    exactSeen++;
                    Assert.True((candidates & (1u << j)) != 0, $"offset {j} of round {round} holds a possible match but was ruled out");
                }
            }
        }
        Assert.True(exactSeen > 100, "the rounds must hold offsets that pass, or they prove nothing");
    }

    [Fact]
    public void A_byte_passes_only_if_it_or_the_byte_with_the_lowest_high_nibble_bit_flipped_is_in_the_set()
    {
        Assert.True(Avx2.IsSupported, "these tests need an AVX2 CPU (the CI machine has one)");
        byte[][] needles = [[0x41, 0x1B, 0xC3, 0x7F], [0x5A, 0x24, 0x9C, 0x30]];
        var sets = Sets(needles);
        var tables = new BytePositionFilter(needles).Tables;
        for (var value = 0; value < 256; value++)
        {
            for (var p = 0; p < 4; p++)
            {
                // Every position holds a byte of its set except position p, which holds the byte under test.
                var block = new byte[BytePositionFilter.BytesRead];
                for (var i = 0; i < 4; i++)
                {
                    block[i] = i == p ? (byte)value : needles[0][i];
                }
                var passes = (tables.Candidates(ref block[0]) & 1) != 0;
                var mate = (byte)(value ^ 0x10);
                Assert.Equal(sets[p].Contains((byte)value) || sets[p].Contains(mate), passes);
            }
        }
    }

    [Fact]
    public void Small_high_bytes_of_16_bit_pixel_data_rule_out_every_offset_for_text_needles()
    {
        Assert.True(Avx2.IsSupported, "these tests need an AVX2 CPU (the CI machine has one)");
        var needles = new[] { "DOE^JANE", "Müller", "王小明", "MRN-000123" }
            .SelectMany(t => new[] { Encoding.UTF8.GetBytes(t), Encoding.Latin1.GetBytes(t) })
            .Where(n => n.Length >= 4).ToList();
        var tables = new BytePositionFilter(needles).Tables;
        var random = new Random(7);
        var block = new byte[BytePositionFilter.BytesRead + 1];
        for (var round = 0; round < 2000; round++)
        {
            for (var i = 0; i + 1 < block.Length; i += 2)
            {
                var sample = random.Next(4096); // 12-bit CT/MR values, little endian
                block[i] = (byte)sample;
                block[i + 1] = (byte)(sample >> 8);
            }
            var shift = round % 2; // both alignments of the 16-bit samples
            Assert.Equal(0u, tables.Candidates(ref block[shift]));
        }
    }

    private static HashSet<byte>[] Sets(IEnumerable<byte[]> needles)
    {
        var sets = Enumerable.Range(0, 4).Select(_ => new HashSet<byte>()).ToArray();
        foreach (var needle in needles)
        {
            for (var p = 0; p < 4; p++)
            {
                sets[p].Add(needle[p]);
            }
        }
        return sets;
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }
}
