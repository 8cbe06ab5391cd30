namespace DropBox.Deidentify.Pixels;

/// <summary>
/// A frame that is a JP2 file (ISO 15444-1 Annex I) instead of a bare codestream, which DICOM does not allow but
/// some senders write. The boxes are walked: the codestream in 'jp2c' is walked like a bare one, and the content of
/// the boxes that carry free text or vendor data ('xml ', 'uuid', the IPR box 'jp2i', the URL box 'uinf') is
/// zeroed, box headers left as they are. Every other box (signature, file type, image header, colour, resolution)
/// describes the image and stays.
/// </summary>
internal static class Jp2BoxWalker
{
    private static ReadOnlySpan<byte> Signature => [0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' ', 0x0D, 0x0A, 0x87, 0x0A];

    public static bool StartsAt(FrameBytes frame) => frame.StartsWith(0, Signature);

    public static void Walk(FrameBytes frame, FrameWalk walk)
    {
        long position = 0;
        while (position < frame.Length && !walk.Failed)
        {
            if (!frame.TryUInt32(position, out var size) || !frame.TryUInt32(position + 4, out var type))
            {
                walk.FailRead(frame, position, "a JP2 box header");
                return;
            }
            long header = 8;
            if (size == 1)
            {
                if (!frame.TryUInt32(position + 8, out var high) || !frame.TryUInt32(position + 12, out var low) || high > 0)
                {
                    walk.Fail($"the JP2 box at byte {position} has an unreadable or huge extended length");
                    return;
                }
                size = low;
                header = 16;
            }
            else if (size == 0)
            {
                size = frame.Length - position; // the last box runs to the end
            }
            if (size < header || position + size > frame.Length)
            {
                walk.Fail($"the JP2 box at byte {position} declares {size} bytes, past the end of the frame");
                return;
            }
            var name = Name(type);
            if (name == "jp2c")
            {
                J2kCodestreamWalker.Walk(frame, position + header, position + size, walk);
            }
            else if (name is "xml " or "uuid" or "jp2i" or "uinf")
            {
                walk.Blank($"JP2 '{name.TrimEnd()}' box", position + header, size - header, 0);
            }
            position += size;
        }
    }

    private static string Name(long type) => string.Create(4, type, static (chars, t) =>
    {
        for (var i = 0; i < 4; i++)
        {
            var c = (char)(t >> (8 * (3 - i)) & 0xFF);
            chars[i] = c is >= ' ' and <= '~' ? c : '?';
        }
    });
}
