namespace DropBox.Deidentify.Pixels;

/// <summary>
/// Walks a JPEG 2000 / HTJ2K codestream (ITU T.800 Annex A, T.814): the main header from SOC, then each tile-part
/// header from its SOT to its SOD, hopping over the tile data by Psot. The Ccom bytes of every COM segment
/// (after the 2-byte Rcom) are blanked: spaces for Latin text (Rcom 1), zeros otherwise.
/// </summary>
internal static class J2kCodestreamWalker
{
    private const byte Soc = 0x4F, Siz = 0x51, Com = 0x64, Sot = 0x90, Sod = 0x93, Eoc = 0xD9;

    /// <summary>Whether a codestream starts at <paramref name="start"/> (SOC then SIZ, as T.800 requires).</summary>
    public static bool StartsAt(FrameBytes frame, long start) => frame.StartsWith(start, [0xFF, Soc, 0xFF, Siz]);

    /// <summary>Walks the codestream in [<paramref name="start"/>, <paramref name="end"/>) of the frame into <paramref name="walk"/>.</summary>
    public static void Walk(FrameBytes frame, long start, long end, FrameWalk walk)
    {
        if (!StartsAt(frame, start))
        {
            walk.Fail($"no SOC and SIZ (FF4F FF51) at byte {start}");
            return;
        }
        var position = start + 2;
        if (!Header(frame, walk, ref position, end, Sot))
        {
            return;
        }
        while (TileParts(frame, walk, ref position, end))
        {
        }
    }

    /// <summary>One tile-part from its SOT; false when done (EOC, the last tile-part, the end) or on a problem.</summary>
    private static bool TileParts(FrameBytes frame, FrameWalk walk, ref long position, long end)
    {
        if (position + 2 > end || frame.StartsWith(position, [0xFF, Eoc]))
        {
            return false;
        }
        if (!frame.StartsWith(position, [0xFF, Sot]))
        {
            return walk.Fail(frame.OverBudget ? $"its headers need more than {FrameBytes.Budget} bytes read" : $"no SOT or EOC at byte {position}");
        }
        if (!frame.TryUInt16(position + 2, out var lsot) || !frame.TryUInt32(position + 6, out var psot))
        {
            return walk.FailRead(frame, position, "a SOT segment");
        }
        var sot = position;
        if (lsot != 10)
        {
            return walk.Fail($"the SOT segment at byte {sot} declares {lsot} bytes, not 10");
        }
        if (psot != 0 && (psot < 14 || sot + psot > end))
        {
            return walk.Fail($"the tile-part at byte {sot} declares {psot} bytes, past the end of the frame");
        }
        position += 12;
        if (!Header(frame, walk, ref position, psot == 0 ? end : sot + psot, Sod))
        {
            return false;
        }
        if (psot == 0)
        {
            return false; // the last tile-part runs to EOC: no more headers
        }
        position = sot + psot;
        return true;
    }

    /// <summary>Marker segments from <paramref name="position"/> until <paramref name="stop"/> (not consumed, except SOD).</summary>
    private static bool Header(FrameBytes frame, FrameWalk walk, ref long position, long end, byte stop)
    {
        while (true)
        {
            if (!frame.TryByte(position, out var prefix) || !frame.TryByte(position + 1, out var marker))
            {
                return walk.FailRead(frame, position, "a codestream header");
            }
            if (prefix != 0xFF)
            {
                return walk.Fail($"no marker segment at byte {position}");
            }
            if (marker == stop)
            {
                if (stop == Sod)
                {
                    position += 2;
                }
                return true;
            }
            if (marker is Soc or Sot or Sod or Eoc or < 0x40)
            {
                return walk.Fail($"marker FF{marker:X2} at byte {position} inside a header");
            }
            if (!frame.TryUInt16(position + 2, out var length))
            {
                return walk.FailRead(frame, position + 2, $"the length of FF{marker:X2}");
            }
            if (length < 2 || position + 2 + length > end)
            {
                return walk.Fail($"the FF{marker:X2} segment at byte {position} declares {length} bytes, past the end");
            }
            if (marker == Com && length >= 4 && frame.TryUInt16(position + 4, out var registration))
            {
                walk.Blank("COM", position + 6, length - 4, registration == 1 ? (byte)' ' : (byte)0);
            }
            position += 2 + length;
            if (walk.Failed)
            {
                return false;
            }
        }
    }
}
