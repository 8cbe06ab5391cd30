namespace DropBox.Deidentify.Pixels;

/// <summary>
/// Walks a JPEG or JPEG-LS frame (ITU T.81 / T.87 marker syntax) from SOI through its header segments to the
/// first SOS, and marks what may carry text a device wrote: COM payloads become spaces; APPn payloads become
/// zeros, except the ones a decoder needs (<see cref="AppSegmentRules"/>). Segments after the first scan are
/// not reached (finding them means reading the entropy-coded data).
/// </summary>
internal static class JpegHeaderWalker
{
    private const byte Soi = 0xD8, Eoi = 0xD9, Sos = 0xDA, Com = 0xFE, Tem = 0x01;

    public static FrameWalk Walk(FrameBytes frame)
    {
        var walk = new FrameWalk();
        if (!frame.TryByte(0, out var first) || !frame.TryByte(1, out var second) || first != 0xFF || second != Soi)
        {
            walk.Fail("it does not start with SOI (FFD8)");
            return walk;
        }
        long position = 2;
        while (Segment(frame, walk, ref position))
        {
        }
        return walk;
    }

    /// <summary>Handles the marker at <paramref name="position"/>; false at SOS (done) or on a problem.</summary>
    private static bool Segment(FrameBytes frame, FrameWalk walk, ref long position)
    {
        if (!frame.TryByte(position, out var prefix))
        {
            return walk.FailRead(frame, position, "its header (no SOS)");
        }
        if (prefix != 0xFF)
        {
            return walk.Fail($"byte {position} is not a marker");
        }
        byte marker;
        do
        {
            // Any number of FF fill bytes may precede a marker (T.81 B.1.1.2).
            position++;
            if (!frame.TryByte(position, out marker))
            {
                return walk.FailRead(frame, position, "a marker");
            }
        }
        while (marker == 0xFF);
        var markerAt = position - 1;
        position++;
        switch (marker)
        {
            case Sos:
                return false;
            case Tem:
                return true; // stand-alone, no length
            case 0x00 or Soi or Eoi or >= 0xD0 and <= 0xD7:
                return walk.Fail($"marker FF{marker:X2} at byte {markerAt} before SOS");
        }
        if (!frame.TryUInt16(position, out var length))
        {
            return walk.FailRead(frame, position, $"the length of FF{marker:X2}");
        }
        if (length < 2 || position + length > frame.Length)
        {
            return walk.Fail($"the FF{marker:X2} segment at byte {markerAt} declares {length} bytes, past the end of the frame");
        }
        var payload = position + 2;
        var payloadLength = length - 2;
        if (marker == Com)
        {
            walk.Blank("COM", payload, payloadLength, (byte)' ');
        }
        else if (marker is >= 0xE0 and <= 0xEF)
        {
            var keep = AppSegmentRules.KeptPrefix(frame, marker - 0xE0, payload, payloadLength);
            walk.Blank($"APP{marker - 0xE0}", payload + keep, payloadLength - keep, 0);
        }
        position += length;
        return !walk.Failed;
    }
}
