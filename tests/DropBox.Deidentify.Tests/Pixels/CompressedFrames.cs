using System.Text;

namespace DropBox.Deidentify.Tests.Pixels;

/// <summary>
/// Hand-made compressed frames with exactly the header segments a test names: JPEG marker streams (structurally
/// valid up to SOS; the entropy-coded bytes are filler) and JPEG 2000 codestreams.
/// </summary>
internal static class CompressedFrames
{
    public const string JpegBaseline = "1.2.840.10008.1.2.4.50";
    public const string JpegLsLossless = "1.2.840.10008.1.2.4.80";
    public const string Jpeg2000 = "1.2.840.10008.1.2.4.91";
    public const string Htj2k = "1.2.840.10008.1.2.4.201";

    public static byte[] Segment(byte marker, byte[] payload)
    {
        var length = payload.Length + 2;
        return [0xFF, marker, (byte)(length >> 8), (byte)length, .. payload];
    }

    public static byte[] Com(string text) => Segment(0xFE, Encoding.ASCII.GetBytes(text));

    public static byte[] App(int n, string identifier, string text) =>
        Segment((byte)(0xE0 + n), [.. Encoding.ASCII.GetBytes(identifier), .. Encoding.ASCII.GetBytes(text)]);

    /// <summary>"Adobe", version 100, flags 0/0, transform 1 (YCbCr).</summary>
    public static byte[] Adobe() => Segment(0xEE, [.. "Adobe"u8.ToArray(), 0, 100, 0, 0, 0, 0, 1]);

    /// <summary>JFIF 1.02 with a 2x1 RGB thumbnail of the given bytes.</summary>
    public static byte[] JfifWithThumbnail(byte[] sixThumbnailBytes) =>
        Segment(0xE0, [.. "JFIF\0"u8.ToArray(), 1, 2, 0, 0, 1, 0, 1, 2, 1, .. sixThumbnailBytes]);

    /// <summary>SOI, the given segments, then DQT, SOF0, SOS, some entropy-coded filler and EOI.</summary>
    public static byte[] Jpeg(params byte[][] segments)
    {
        var frame = new List<byte> { 0xFF, 0xD8 };
        foreach (var segment in segments)
        {
            frame.AddRange(segment);
        }
        frame.AddRange(Segment(0xDB, [0, .. Enumerable.Repeat((byte)1, 64)]));
        frame.AddRange(Segment(0xC0, [8, 0, 8, 0, 8, 1, 1, 0x11, 0]));
        frame.AddRange(Segment(0xDA, [1, 1, 0, 0, 63, 0]));
        // Entropy-coded filler, one byte longer when needed: a fragment of odd length is padded on write.
        frame.AddRange(Enumerable.Range(0, frame.Count % 2 == 0 ? 40 : 41).Select(i => (byte)(0x11 * (i % 15))));
        frame.AddRange([0xFF, 0xD9]);
        return [.. frame];
    }

    /// <summary>One tile-part with nothing in its header but SOT and SOD.</summary>
    public static byte[][] NoTileSegments => [];

    /// <summary>A J2K COM segment: Rcom 1 (Latin text) and the text.</summary>
    public static byte[] J2kCom(string text) => Segment(0x64, [0, 1, .. Encoding.ASCII.GetBytes(text)]);

    /// <summary>SOC, SIZ, COD, QCD, the main-header segments given, then one tile-part per entry of <paramref name="tileHeaders"/>, EOC.</summary>
    public static byte[] J2k(byte[][] mainHeader, params byte[][][] tileHeaders)
    {
        var stream = new List<byte> { 0xFF, 0x4F };
        byte[] siz = [0, 0, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 7, 1, 1];
        stream.AddRange(Segment(0x51, siz));
        stream.AddRange(Segment(0x52, [0, 0, 0, 1, 0, 5, 4, 4, 0, 0]));
        stream.AddRange(Segment(0x5C, [0x40, 0x48]));
        foreach (var segment in mainHeader)
        {
            stream.AddRange(segment);
        }
        for (var t = 0; t < tileHeaders.Length; t++)
        {
            var header = tileHeaders[t].SelectMany(s => s).ToArray();
            byte[] data = [.. Enumerable.Range(0, 30).Select(i => (byte)(0x10 + i))];
            var psot = 12 + header.Length + 2 + data.Length;
            stream.AddRange([0xFF, 0x90, 0, 10, 0, 0, (byte)(psot >> 24), (byte)(psot >> 16), (byte)(psot >> 8), (byte)psot, (byte)t, (byte)tileHeaders.Length]);
            stream.AddRange(header);
            stream.AddRange([0xFF, 0x93]);
            stream.AddRange(data);
        }
        stream.AddRange([0xFF, 0xD9]);
        return [.. stream];
    }

    /// <summary>Whether <paramref name="needle"/> occurs in <paramref name="haystack"/> as ASCII bytes.</summary>
    public static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;

    /// <summary>The markers and lengths of a JPEG frame's header up to SOS, e.g. "FFD8 FFFE:14 FFDA:8".</summary>
    public static string JpegLayout(byte[] frame)
    {
        var parts = new List<string> { "FFD8" };
        for (var i = 2; i + 4 <= frame.Length;)
        {
            var length = frame[i + 2] << 8 | frame[i + 3];
            parts.Add($"FF{frame[i + 1]:X2}:{length}");
            if (frame[i + 1] == 0xDA)
            {
                break;
            }
            i += 2 + length;
        }
        return string.Join(' ', parts);
    }
}
