using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace DropBox.Deidentify.Verification;

/// <summary>
/// Finds the first occurrence of any of a set of byte strings (each at least <see cref="MinimumLength"/> bytes)
/// in a stream, in ONE pass over its bytes and in fixed memory, however large the file: one IndexOf per needle
/// cost (needles × file size), this costs file size. At each offset the next 4 bytes are hashed into an 8 KiB
/// bit filter of the needles' first 4 bytes; only on a filter hit (rare) are the needles with exactly those
/// 4 bytes compared in full. Where the CPU allows, <see cref="BytePositionFilter"/> first rules out 32 offsets at a
/// time whose bytes no needle could start with, and only the offsets it lets through take that path. Chunks overlap
/// by the longest needle minus one byte, so a needle that straddles two reads is still found. Every offset is
/// examined: nothing is sampled or skipped.
/// </summary>
internal sealed class NeedleSearch
{
    public const int MinimumLength = 4;
    private const int ChunkBytes = 128 * 1024;
    private const int FilterBits = 16;

    private readonly ulong[] _filter = new ulong[(1 << FilterBits) / 64];
    // The needles sorted by their first 4 bytes (read as a number), with those numbers alongside for a binary search:
    // plain arrays, since a dictionary over uint is generic code that every process would JIT for one verifier.
    private readonly uint[] _prefixes;
    private readonly byte[][] _sorted;
    private readonly int _overlap;
    private readonly BytePositionFilter? _prefilter;

    public NeedleSearch(IReadOnlyCollection<byte[]> needles)
        : this(needles, BytePositionFilter.IsSupported)
    {
    }

    /// <param name="vectorised">False tests every offset one by one (the reference the vectorised path is tested against).</param>
    internal NeedleSearch(IReadOnlyCollection<byte[]> needles, bool vectorised)
    {
        ArgumentOutOfRangeException.ThrowIfZero(needles.Count);
        if (needles.Any(n => n.Length < MinimumLength))
        {
            throw new ArgumentException($"Needles must be at least {MinimumLength} bytes long.", nameof(needles));
        }
        _sorted = [.. needles];
        _prefixes = new uint[_sorted.Length];
        var longest = 0;
        for (var i = 0; i < _sorted.Length; i++)
        {
            _prefixes[i] = MemoryMarshal.Read<uint>(_sorted[i]); // native byte order, as the scan reads them
            var h = Hash(_prefixes[i]);
            _filter[h >> 6] |= 1UL << (int)(h & 63);
            longest = Math.Max(longest, _sorted[i].Length);
        }
        SortByPrefix(_prefixes, _sorted);
        _overlap = longest - 1;
        _prefilter = vectorised && BytePositionFilter.IsSupported ? new BytePositionFilter(needles) : null;
    }

    /// <summary>The offset (from where <paramref name="stream"/> stands) of the first byte of the earliest match, or null.</summary>
    public long? FirstIn(Stream stream)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkBytes + _overlap);
        try
        {
            long windowStart = 0;
            var carried = 0;
            while (true)
            {
                var read = stream.ReadAtLeast(buffer.AsSpan(carried, ChunkBytes), ChunkBytes, throwOnEndOfStream: false);
                if (read == 0)
                {
                    return null; // the carried bytes were searched with the previous window
                }
                var length = carried + read;
                var at = FirstIn(buffer.AsSpan(0, length));
                if (at >= 0)
                {
                    return windowStart + at;
                }
                if (read < ChunkBytes)
                {
                    return null;
                }
                carried = Math.Min(_overlap, length);
                buffer.AsSpan(length - carried, carried).CopyTo(buffer);
                windowStart += length - carried;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The offset of the earliest match in <paramref name="haystack"/>, or -1.</summary>
    public int FirstIn(ReadOnlySpan<byte> haystack)
    {
        ref var start = ref MemoryMarshal.GetReference(haystack);
        var i = 0;
        if (_prefilter is { } prefilter)
        {
            var tables = prefilter.Tables; // a local copy: see BytePositionFilter.Tables
            // Offsets i .. i+31 read bytes up to i+34: stop while a whole block still fits; the rest goes below.
            for (var blockEnd = haystack.Length - BytePositionFilter.BytesRead; i <= blockEnd; i += BytePositionFilter.Width)
            {
                for (var candidates = tables.Candidates(ref Unsafe.Add(ref start, i)); candidates != 0; candidates &= candidates - 1)
                {
                    var at = i + BitOperations.TrailingZeroCount(candidates);
                    if (IsMatchAt(haystack, ref start, at))
                    {
                        return at;
                    }
                }
            }
        }
        for (var last = haystack.Length - MinimumLength; i <= last; i++)
        {
            if (IsMatchAt(haystack, ref start, i))
            {
                return i;
            }
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool IsMatchAt(ReadOnlySpan<byte> haystack, ref byte start, int at)
    {
        var prefix = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref start, at));
        var h = Hash(prefix);
        return (_filter[h >> 6] & (1UL << (int)(h & 63))) != 0 && Matches(haystack[at..], prefix);
    }

    private bool Matches(ReadOnlySpan<byte> rest, uint prefix)
    {
        // The first needle with this prefix (lower bound), then every one after it that shares it.
        int low = 0, high = _prefixes.Length;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (_prefixes[middle] < prefix)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }
        for (var i = low; i < _prefixes.Length && _prefixes[i] == prefix; i++)
        {
            if (rest.StartsWith(_sorted[i]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Insertion sort of the pairs: a file has tens of needles, and Array.Sort over uint would be JIT'd per process.</summary>
    private static void SortByPrefix(uint[] prefixes, byte[][] needles)
    {
        for (var i = 1; i < prefixes.Length; i++)
        {
            var prefix = prefixes[i];
            var needle = needles[i];
            var j = i - 1;
            for (; j >= 0 && prefixes[j] > prefix; j--)
            {
                prefixes[j + 1] = prefixes[j];
                needles[j + 1] = needles[j];
            }
            prefixes[j + 1] = prefix;
            needles[j + 1] = needle;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Hash(uint prefix) => (prefix * 0x9E3779B1u) >> (32 - FilterBits);
}
