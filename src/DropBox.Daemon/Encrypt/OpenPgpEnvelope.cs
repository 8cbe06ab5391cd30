using System.Buffers.Binary;
using System.Globalization;

namespace DropBox.Daemon.Encrypt;

/// <summary>The data packet that follows the session-key packets of an OpenPGP message.</summary>
internal enum OpenPgpDataPacket
{
    /// <summary>None found (truncated or not an encrypted message).</summary>
    Missing,
    /// <summary>Tag 18, symmetrically encrypted and integrity protected (MDC): what gpg 2.2 writes.</summary>
    IntegrityProtected,
    /// <summary>Tag 20, AEAD encrypted (integrity protected too).</summary>
    Aead,
    /// <summary>Tag 9, encrypted WITHOUT integrity protection: never acceptable.</summary>
    Unprotected,
    /// <summary>Some other packet.</summary>
    Other,
}

/// <summary>
/// The leading packets of a binary OpenPGP message (RFC 4880 §4): the key ids of the public-key encrypted
/// session key packets and the kind of data packet after them. This is the check <c>gpg --list-packets</c>
/// would give, read in-process: it costs a few bytes of I/O instead of a ~13 ms gpg start per file
/// (gpg --list-packets takes one file per run), and gpg's own status output is checked as well.
/// </summary>
internal sealed record OpenPgpEnvelope(IReadOnlyList<string> RecipientKeyIds, OpenPgpDataPacket DataPacket)
{
    public static OpenPgpEnvelope Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        return Read(stream);
    }

    public static OpenPgpEnvelope Read(Stream stream)
    {
        var keyIds = new List<string>();
        Span<byte> buffer = stackalloc byte[10];
        while (true)
        {
            var first = stream.ReadByte();
            if (first < 0 || (first & 0x80) == 0)
            {
                return new OpenPgpEnvelope(keyIds, OpenPgpDataPacket.Missing);
            }

            int tag;
            long length;
            if ((first & 0x40) != 0)
            {
                tag = first & 0x3F;
                length = ReadNewLength(stream);
            }
            else
            {
                tag = (first >> 2) & 0x0F;
                length = ReadOldLength(stream, first & 0x03);
            }

            switch (tag)
            {
                case 18:
                    return new OpenPgpEnvelope(keyIds, OpenPgpDataPacket.IntegrityProtected);
                case 20:
                    return new OpenPgpEnvelope(keyIds, OpenPgpDataPacket.Aead);
                case 9:
                    return new OpenPgpEnvelope(keyIds, OpenPgpDataPacket.Unprotected);
                case 1 or 3 when length >= 10:
                    // Session key packet. PKESK v3: version(1) key id(8) algorithm(1) ...
                    stream.ReadExactly(buffer);
                    if (tag == 1 && buffer[0] == 3)
                    {
                        keyIds.Add(BinaryPrimitives.ReadUInt64BigEndian(buffer[1..9]).ToString("X16", CultureInfo.InvariantCulture));
                    }

                    stream.Seek(length - buffer.Length, SeekOrigin.Current);
                    break;
                default:
                    return new OpenPgpEnvelope(keyIds, length < 0 ? OpenPgpDataPacket.Missing : OpenPgpDataPacket.Other);
            }
        }
    }

    /// <summary>Length of a new-format packet; -1 for a partial length (only data packets use them).</summary>
    private static long ReadNewLength(Stream s)
    {
        var o1 = s.ReadByte();
        return o1 switch
        {
            < 0 => -1,
            < 192 => o1,
            < 224 => ((o1 - 192) << 8) + s.ReadByte() + 192,
            255 => ReadBigEndian(s, 4),
            _ => -1,
        };
    }

    private static long ReadOldLength(Stream s, int lengthType) => lengthType switch
    {
        0 => ReadBigEndian(s, 1),
        1 => ReadBigEndian(s, 2),
        2 => ReadBigEndian(s, 4),
        _ => -1,
    };

    private static long ReadBigEndian(Stream s, int count)
    {
        long value = 0;
        for (var i = 0; i < count; i++)
        {
            var b = s.ReadByte();
            if (b < 0)
            {
                return -1;
            }

            value = (value << 8) | (uint)b;
        }

        return value;
    }
}
