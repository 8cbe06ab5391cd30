using DropBox.Daemon.Unpack;
using DropBox.Dicom;

namespace DropBox.Daemon.Sync;

/// <summary>What the first bytes of a plain file (or an archive member) say it is.</summary>
internal enum PlainContentKind
{
    Other,
    Dicom,
    Zip,
    Gzip,
    Tar,
    SevenZip,

    /// <summary>An archive or compressed stream the daemon has no reader for (RAR, xz, bzip2, zstd).</summary>
    UnreadableArchive,
}

/// <summary>
/// Tells DICOM and archives from everything else by content, never by name: magic numbers of the archive
/// formats, and for DICOM the same tests the unpack stage and the codec use.
/// </summary>
internal static class PlainFileSniffer
{
    private static readonly byte[] SevenZipMagic = [(byte)'7', (byte)'z', 0xBC, 0xAF, 0x27, 0x1C];

    private static readonly byte[][] UnreadableMagics =
    [
        "Rar!\u001A\u0007"u8.ToArray(),            // RAR 4 and 5
        [0xFD, (byte)'7', (byte)'z', (byte)'X', (byte)'Z', 0x00], // xz
        "BZh"u8.ToArray(),                          // bzip2
        [0x28, 0xB5, 0x2F, 0xFD],                   // zstd
    ];

    /// <param name="head">The leading bytes (up to <see cref="PlainFileLimits.HeadBytes"/>).</param>
    /// <param name="length">The whole length when known (a file), else <see cref="long.MaxValue"/> (a stream).</param>
    public static PlainContentKind Classify(ReadOnlySpan<byte> head, long length)
    {
        if (IsDicom(head, length))
        {
            return PlainContentKind.Dicom;
        }

        if (DicomSniffer.LooksLikeZip(head))
        {
            return PlainContentKind.Zip;
        }

        if (head.Length >= 2 && head[0] == 0x1F && head[1] == 0x8B)
        {
            return PlainContentKind.Gzip;
        }

        if (head.StartsWith(SevenZipMagic))
        {
            return PlainContentKind.SevenZip;
        }

        foreach (var magic in UnreadableMagics)
        {
            if (head.StartsWith(magic))
            {
                return PlainContentKind.UnreadableArchive;
            }
        }

        return IsTarHeader(head) ? PlainContentKind.Tar : PlainContentKind.Other;
    }

    /// <summary>
    /// DICOM: "DICM" at 128; "DICM" at 0 directly followed by a file meta group (a text that merely starts
    /// with the word is not); a file meta group without preamble; a bare dataset the unpack stage would take
    /// for DICOM; or a head the codec reads as a dataset beyond its first element.
    /// </summary>
    public static bool IsDicom(ReadOnlySpan<byte> head, long length)
    {
        if (DicomSniffer.IsPart10(head))
        {
            return true;
        }

        if (head.StartsWith("DICM"u8))
        {
            return head.Length >= 6 && head[4] == 0x02 && head[5] == 0x00;
        }

        if (head.Length < 8)
        {
            return false;
        }

        var group = head[0] | (head[1] << 8);
        if (group == 0x0002 || DicomSniffer.IsPlausibleBareDataset(head, length))
        {
            return true;
        }

        // A dataset that starts in the identifying groups after the sniffer's (e.g. at Patient's Name): let the
        // codec read it. Lower groups are left out: a run of zero bytes (disk images) parses as group 0000.
        return group is >= 0x0008 and <= 0x0010 && CodecReadsAsDataset(head);
    }

    /// <summary>True when the codec parses the head completely, or fails only after its first element.</summary>
    private static bool CodecReadsAsDataset(ReadOnlySpan<byte> head)
    {
        try
        {
            using var file = DicomFile.Open(new MemoryStream(head.ToArray(), writable: false));
            return true;
        }
        catch (DicomFormatException ex)
        {
            // The head is usually cut inside an element; an error past the first element means elements parsed.
            return ex.Offset > 0;
        }
    }

    /// <summary>A POSIX/GNU tar header ("ustar" at 257) or an old-style one whose header checksum adds up.</summary>
    public static bool IsTarHeader(ReadOnlySpan<byte> head)
    {
        if (head.Length < 512)
        {
            return false;
        }

        if (head[257..262].SequenceEqual("ustar"u8))
        {
            return true;
        }

        // v7 tar: octal checksum at 148..155 over the header with that field read as spaces; a name is required.
        if (head[0] == 0)
        {
            return false;
        }

        var field = head[148..156];
        var at = 0;
        while (at < field.Length && field[at] == ' ')
        {
            at++;
        }

        long stored = 0;
        var digits = 0;
        for (; at < field.Length && field[at] is >= (byte)'0' and <= (byte)'7'; at++, digits++)
        {
            stored = (stored * 8) + (field[at] - '0');
        }

        if (digits == 0 || (at < field.Length && field[at] is not (0 or (byte)' ')))
        {
            return false;
        }

        long sum = 0;
        for (var i = 0; i < 512; i++)
        {
            sum += i is >= 148 and < 156 ? ' ' : head[i];
        }

        return sum == stored;
    }
}
