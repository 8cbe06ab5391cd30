using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace DropBox.Deidentify.Verification;

/// <summary>
/// The vectorised first stage of <see cref="NeedleSearch"/>: for each of the needles' first four byte positions,
/// the set of bytes some needle has there. An offset can only start a match if each of its next four bytes is in
/// its position's set. With AVX2 that test runs for 32 offsets at once (a byte-set lookup by nibble tables, the
/// "shufti" technique of Hyperscan and Rust's memchr), so runs of bytes no needle could start with (nearly all of
/// 16-bit pixel data, whose high bytes are small or 0xFx) cost a few instructions per 32 bytes. It only rules out
/// offsets that cannot match; every offset it lets through gets the exact check.
/// </summary>
internal sealed class BytePositionFilter
{
    /// <summary>Offsets tested per call.</summary>
    public const int Width = 32;

    /// <summary>Bytes read per call: <see cref="Width"/> offsets and the three bytes after the last one.</summary>
    public const int BytesRead = Width + 3;

    // Per position p: row[low nibble] has bit h set when byte (h << 4 | low) is in the set; "low" rows for h 0-7,
    // "high" rows for h 8-15.
    private readonly Lookup _lookup;

    public BytePositionFilter(IEnumerable<byte[]> needles)
    {
        var rows = new byte[4, 2, 16];
        foreach (var needle in needles)
        {
            for (var p = 0; p < 4; p++)
            {
                var b = needle[p];
                rows[p, b >> 7, b & 0x0F] |= (byte)(1 << ((b >> 4) & 7));
            }
        }
        _lookup = new Lookup(rows);
    }

    /// <summary>Whether this machine has the instructions (x64 with AVX2); otherwise the caller tests every offset.</summary>
    public static bool IsSupported => Avx2.IsSupported;

    /// <summary>
    /// The tables as one value for the caller's scan loop to copy into a local once: read from a local, they stay in
    /// registers or on the stack, where a static or a field read in the loop would be reloaded (in precompiled code,
    /// through a helper) for every 32 bytes.
    /// </summary>
    public Lookup Tables => _lookup;

    /// <summary>The eight row tables and the three constants of the test.</summary>
    internal readonly struct Lookup
    {
        private readonly Vector256<byte> _low0, _low1, _low2, _low3, _high0, _high1, _high2, _high3;
        private readonly Vector256<byte> _nibbleMask, _seven, _bitOfHighNibble;

        public Lookup(byte[,,] rows)
        {
            _low0 = Row(rows, 0, 0); _high0 = Row(rows, 0, 1);
            _low1 = Row(rows, 1, 0); _high1 = Row(rows, 1, 1);
            _low2 = Row(rows, 2, 0); _high2 = Row(rows, 2, 1);
            _low3 = Row(rows, 3, 0); _high3 = Row(rows, 3, 1);
            _nibbleMask = Broadcast(0x0F);
            _seven = Broadcast(7);
            // 1 << (h & 7) for a high nibble h, in both 128-bit lanes.
            var bits = new byte[32];
            for (var i = 0; i < 32; i++)
            {
                bits[i] = (byte)(1 << (i & 7));
            }
            _bitOfHighNibble = Unsafe.ReadUnaligned<Vector256<byte>>(ref bits[0]);
        }

        /// <summary>
        /// Bit j is set when offset j (from <paramref name="at"/>) passes: each of its four bytes is in its set.
        /// Reads <see cref="BytesRead"/> bytes from <paramref name="at"/>.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public uint Candidates(ref byte at)
        {
            // Positions 0 and 1 first: in pixel data one of two neighbouring bytes is nearly always a small high byte
            // that no needle has, so most blocks are ruled out here and skip the other two positions' work.
            var misses = Avx2.Or(Misses(Load(ref at), _low0, _high0), Misses(Load(ref Unsafe.Add(ref at, 1)), _low1, _high1));
            if (Avx2.MoveMask(misses) == -1)
            {
                return 0;
            }
            misses = Avx2.Or(misses,
                Avx2.Or(Misses(Load(ref Unsafe.Add(ref at, 2)), _low2, _high2), Misses(Load(ref Unsafe.Add(ref at, 3)), _low3, _high3)));
            return ~(uint)Avx2.MoveMask(misses);
        }

        // The Avx2 intrinsics and Unsafe, not the cross-platform Vector256 helpers: ReadyToRun will not precompile a
        // call that passes a Vector256 to a helper outside this assembly ("ABI unstable"), and a JIT'd scan costs every
        // process its compile time. These compile to the same instructions.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector256<byte> Load(ref byte at) => Unsafe.ReadUnaligned<Vector256<byte>>(ref at);

        /// <summary>0xFF in each lane whose byte is NOT in the set given by the two row tables.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private Vector256<byte> Misses(Vector256<byte> bytes, Vector256<byte> rowsLow, Vector256<byte> rowsHigh)
        {
            var low = Avx2.And(bytes, _nibbleMask);
            var high = Avx2.And(Avx2.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte(), _nibbleMask);
            var useHigh = Avx2.CompareGreaterThan(high.AsSByte(), _seven.AsSByte()).AsByte(); // high is 0-15: signed is fine
            var row = Avx2.BlendVariable(Avx2.Shuffle(rowsLow, low), Avx2.Shuffle(rowsHigh, low), useHigh);
            return Avx2.CompareEqual(Avx2.And(row, Avx2.Shuffle(_bitOfHighNibble, high)), Vector256<byte>.Zero);
        }

        private static Vector256<byte> Broadcast(byte value)
        {
            var bytes = new byte[32];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = value;
            }
            return Unsafe.ReadUnaligned<Vector256<byte>>(ref bytes[0]);
        }

        private static Vector256<byte> Row(byte[,,] rows, int position, int half)
        {
            // The 16-byte row in both 128-bit lanes (vpshufb looks up within each lane).
            var both = new byte[32];
            for (var i = 0; i < 16; i++)
            {
                both[i] = both[i + 16] = rows[position, half, i];
            }
            return Unsafe.ReadUnaligned<Vector256<byte>>(ref both[0]);
        }
    }
}
