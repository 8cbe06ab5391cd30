using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DropBox.Deidentify.Verification;

/// <summary>
/// The vectorised first stage of <see cref="NeedleSearch"/>: for each of the needles' first four byte positions,
/// the set of bytes some needle has there. An offset can only start a match if each of its next four bytes is in
/// its position's set. With AVX2 that test runs for 32 offsets at once by the "shufti" technique of Hyperscan and
/// Rust's memchr: a byte's low nibble looks up a row of bucket bits, its high nibble looks up its own bucket bit, and
/// the byte passes when the two share a bit. Eight buckets hold the sixteen high nibbles in pairs (h and h^1), so the
/// test may let a byte through whose pair-mate is in the set (never the other way round): 0x00-0x0F, the high bytes
/// of nearly all 16-bit pixel data, pass only where a needle has a control byte 0x10-0x1F there, which text never has
/// but an ISO 2022 escape (0x1B) does. It only rules out offsets that cannot match; every offset it lets through
/// gets the exact check.
/// </summary>
internal sealed class BytePositionFilter
{
    /// <summary>Offsets tested per call.</summary>
    public const int Width = 32;

    /// <summary>Bytes read per call: <see cref="Width"/> offsets and the three bytes after the last one.</summary>
    public const int BytesRead = Width + 3;

    private readonly Lookup _lookup;

    public BytePositionFilter(IEnumerable<byte[]> needles)
    {
        // rows[p, low nibble]: the buckets of the high nibbles that some needle's byte p has with that low nibble.
        var rows = new byte[4, 16];
        foreach (var needle in needles)
        {
            for (var p = 0; p < 4; p++)
            {
                rows[p, needle[p] & 0x0F] |= BucketBit(needle[p] >> 4);
            }
        }
        _lookup = new Lookup(rows);
    }

    /// <summary>Whether this machine has the instructions (x64 with AVX2); otherwise the caller tests every offset.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>The bucket bit of a high nibble: nibbles h and h^1 share one of the eight.</summary>
    internal static byte BucketBit(int highNibble) => (byte)(1 << (highNibble >> 1));

    /// <summary>
    /// The tables as one value for the caller's scan loop to copy into a local once: read from a local, they stay in
    /// registers or on the stack, where a static or a field read in the loop would be reloaded for every 32 bytes.
    /// </summary>
    public Lookup Tables => _lookup;

    /// <summary>The four positions' row tables, the high-nibble bucket table and the nibble mask.</summary>
    internal readonly struct Lookup
    {
        private readonly Vector256<byte> _rows0, _rows1, _rows2, _rows3, _buckets, _nibbleMask;

        public Lookup(byte[,] rows)
        {
            _rows0 = Row(rows, 0);
            _rows1 = Row(rows, 1);
            _rows2 = Row(rows, 2);
            _rows3 = Row(rows, 3);
            var buckets = new byte[32];
            var mask = new byte[32];
            for (var i = 0; i < 32; i++)
            {
                buckets[i] = BucketBit(i & 0x0F);
                mask[i] = 0x0F;
            }
            _buckets = Unsafe.ReadUnaligned<Vector256<byte>>(ref buckets[0]);
            _nibbleMask = Unsafe.ReadUnaligned<Vector256<byte>>(ref mask[0]);
        }

        /// <summary>
        /// Bit j is set when offset j (from <paramref name="at"/>) passes: each of its four bytes is in (the bucketed
        /// form of) its position's set. Reads <see cref="BytesRead"/> bytes from <paramref name="at"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint Candidates(ref byte at)
        {
            // Positions 0 and 1 first: in pixel data one of two neighbouring bytes is nearly always a small high byte
            // that no needle has, so most blocks are ruled out here and skip the other two positions' work. A lane is
            // non-zero where its byte passed; the unsigned minimum of two positions is non-zero only where both did.
            var hits = Avx2.Min(Hits(Load(ref at), _rows0), Hits(Load(ref Unsafe.Add(ref at, 1)), _rows1));
            var misses = Avx2.CompareEqual(hits, Vector256<byte>.Zero);
            if (Avx2.MoveMask(misses) == -1)
            {
                return 0;
            }
            hits = Avx2.Min(hits, Avx2.Min(Hits(Load(ref Unsafe.Add(ref at, 2)), _rows2), Hits(Load(ref Unsafe.Add(ref at, 3)), _rows3)));
            return ~(uint)Avx2.MoveMask(Avx2.CompareEqual(hits, Vector256<byte>.Zero));
        }

        // The Avx2 intrinsics and Unsafe, not the cross-platform Vector256 helpers: ReadyToRun will not precompile a
        // call that passes a Vector256 to a helper outside this assembly ("ABI unstable"), and the ReadyToRun build is
        // the fallback where the native one cannot be made. These compile to the same instructions.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<byte> Load(ref byte at) => Unsafe.ReadUnaligned<Vector256<byte>>(ref at);

        /// <summary>Non-zero in each lane whose byte's low-nibble row holds its high nibble's bucket.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<byte> Hits(Vector256<byte> bytes, Vector256<byte> rows)
        {
            var low = Avx2.And(bytes, _nibbleMask);
            var high = Avx2.And(Avx2.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte(), _nibbleMask);
            return Avx2.And(Avx2.Shuffle(rows, low), Avx2.Shuffle(_buckets, high));
        }

        private static Vector256<byte> Row(byte[,] rows, int position)
        {
            // The 16-byte row in both 128-bit lanes (vpshufb looks up within each lane).
            var both = new byte[32];
            for (var i = 0; i < 16; i++)
            {
                both[i] = both[i + 16] = rows[position, i];
            }
            return Unsafe.ReadUnaligned<Vector256<byte>>(ref both[0]);
        }
    }
}
