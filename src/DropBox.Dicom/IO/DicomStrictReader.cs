using System.IO.Compression;
using System.Text;

namespace DropBox.Dicom;

/// <summary>
/// Reads a Part 10 file the way a strict receiver does, to prove that a file we wrote has one structure whoever
/// reads it. Where <see cref="DicomFile"/> tolerates what senders' exports get wrong, this refuses it: every length
/// must fit its container, items hold no delimiters unless of undefined length, lengths are even, VRs are standard,
/// elements ascend, a sequence attribute is written as a sequence (a UN or wrongly labelled value that a reader
/// would still parse by the dictionary is refused), and nothing follows the last element. It keeps only tags and
/// nesting (<see cref="DicomStructure"/>), never values. Throws <see cref="DicomFormatException"/> naming where.
/// </summary>
public static class DicomStrictReader
{
    private const uint Undefined = 0xFFFFFFFF;
    private const int MaxDepth = 64;

    /// <summary>Reads <paramref name="stream"/> from its current position (the start of the preamble).</summary>
    public static DicomStructure Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var file = new ForwardReader(stream, stream.CanSeek ? stream.Length - stream.Position : null);
        var head = file.ReadValue(132);
        if (!head.AsSpan(128).SequenceEqual("DICM"u8))
        {
            throw new DicomFormatException(128, string.Empty, "no 'DICM' after the 128-byte preamble");
        }
        var syntax = ReadMeta(file);
        var datasetStart = file.Position;
        var pixels = new List<(long, long)>();
        List<DicomStructureNode> dataset;
        if (syntax.IsDeflated)
        {
            using var inflated = new DeflateStream(stream, CompressionMode.Decompress, leaveOpen: true);
            dataset = new Session(new ForwardReader(inflated, null), DicomEncoding.Of(syntax), pixels).ReadTop();
        }
        else
        {
            dataset = new Session(file, DicomEncoding.Of(syntax), pixels).ReadTop();
        }
        return new DicomStructure { Dataset = dataset, TransferSyntax = syntax, DatasetStart = datasetStart, PixelValues = pixels };
    }

    /// <summary>The meta group: a correct group length first, then group 0002 elements in explicit VR LE, ascending.</summary>
    private static TransferSyntax ReadMeta(ForwardReader file)
    {
        var header = file.Read(8);
        if (header[0] != 0x02 || header[1] != 0 || header[2] != 0 || header[3] != 0 || header[4] != 'U' || header[5] != 'L' || file.UInt16(header[6..], false) != 4)
        {
            throw new DicomFormatException(file.Position - 8, string.Empty, "the file meta group does not start with its group length (0002,0000) UL");
        }
        var metaLength = file.UInt32(file.ReadValue(4), false);
        var metaEnd = file.Position + metaLength;
        string? syntax = null;
        var last = new DicomTag(0x0002, 0x0000);
        while (file.Position < metaEnd)
        {
            var h = file.Read(8);
            var tag = new DicomTag(file.UInt16(h, false), file.UInt16(h[2..], false));
            var vr = DicomVR.FromBytes(h[4], h[5]);
            if (tag.Group != 0x0002 || tag.CompareTo(last) <= 0 || !vr.IsKnown)
            {
                throw new DicomFormatException(file.Position - 8, tag.ToString(), "a file meta element out of group 0002, out of order, or with a non-standard VR");
            }
            uint length = vr.HasLongLength ? file.UInt32(file.Read(4), false) : file.UInt16(h[6..], false);
            if (length > metaEnd - file.Position)
            {
                throw new DicomFormatException(file.Position, tag.ToString(), "a file meta element runs past the meta group's length");
            }
            var value = file.ReadValue(length);
            if (tag == DicomTag.TransferSyntaxUid)
            {
                syntax = Encoding.ASCII.GetString(value).TrimEnd('\0', ' ');
            }
            last = tag;
        }
        if (file.Position != metaEnd || syntax is null)
        {
            throw new DicomFormatException(file.Position, string.Empty, syntax is null ? "the file meta group has no transfer syntax" : "the file meta group's length is wrong");
        }
        return TransferSyntax.FromUid(syntax);
    }

    /// <summary>One read of one dataset: the tag path for messages and the pixel value ranges found.</summary>
    private sealed class Session(ForwardReader reader, DicomEncoding encoding, List<(long, long)> pixels)
    {
        private readonly TagPath _path = new();

        public List<DicomStructureNode> ReadTop() => ReadElements(encoding, end: null, undefinedItem: false, depth: 0);

        /// <param name="end">Where a defined-length item (or, for the top level of a file, the file) ends; null: read to its delimiter or the end of input.</param>
        private List<DicomStructureNode> ReadElements(DicomEncoding enc, long? end, bool undefinedItem, int depth)
        {
            var nodes = new List<DicomStructureNode>();
            DicomTag? last = null;
            while (true)
            {
                if (end is { } limit && reader.Position >= limit)
                {
                    return reader.Position == limit ? nodes : throw Fail(null, "an element runs past the end of its item");
                }
                var start = reader.Position;
                if (!reader.TryRead(4, out var tagBytes))
                {
                    return depth == 0 && !undefinedItem ? nodes : throw Fail(null, "the output ends inside an item");
                }
                var tag = new DicomTag(reader.UInt16(tagBytes, enc.BigEndian), reader.UInt16(tagBytes[2..], enc.BigEndian));
                if (tag.Group == 0xFFFE)
                {
                    if (tag == DicomTag.ItemDelimitation && undefinedItem && end is null)
                    {
                        return reader.UInt32(reader.Read(4), enc.BigEndian) == 0 ? nodes : throw Fail(tag, "an item delimitation item with a non-zero length");
                    }
                    throw Fail(tag, "an item or delimiter where a data element should be");
                }
                if (last is { } previous && tag.CompareTo(previous) <= 0)
                {
                    throw Fail(tag, "elements out of order or repeated");
                }
                last = tag;
                nodes.Add(ReadElement(tag, enc, end, depth, start));
            }
        }

        private DicomStructureNode ReadElement(DicomTag tag, DicomEncoding enc, long? end, int depth, long start)
        {
            DicomVR vr;
            uint length;
            if (enc.ExplicitVR)
            {
                var vrBytes = reader.Read(2);
                vr = DicomVR.FromBytes(vrBytes[0], vrBytes[1]);
                if (!vr.IsKnown)
                {
                    throw Fail(tag, "a non-standard VR");
                }
                if (vr.HasLongLength)
                {
                    var rest = reader.Read(6);
                    if (rest[0] != 0 || rest[1] != 0)
                    {
                        throw Fail(tag, "non-zero reserved bytes in a long element header");
                    }
                    length = reader.UInt32(rest[2..], enc.BigEndian);
                }
                else
                {
                    length = reader.UInt16(reader.Read(2), enc.BigEndian);
                }
            }
            else
            {
                length = reader.UInt32(reader.Read(4), enc.BigEndian);
                vr = DicomDictionary.ImplicitVR(tag);
            }
            var sequenceOnly = DicomDictionary.IsSequenceOnly(tag);
            if (length == Undefined)
            {
                if (IsPixelData(tag) && vr != DicomVR.SQ && !(vr == DicomVR.UN && !enc.ExplicitVR))
                {
                    return new DicomStructureNode(tag) { FragmentItems = ReadFragments(tag, enc) };
                }
                if (vr == DicomVR.SQ || vr == DicomVR.UN || !enc.ExplicitVR)
                {
                    var content = vr == DicomVR.UN && enc.ExplicitVR ? DicomEncoding.ImplicitLittle : enc;
                    return new DicomStructureNode(tag) { Items = ReadItems(tag, content, end: null, depth + 1) };
                }
                throw Fail(tag, $"undefined length on a {vr} element");
            }
            if ((length & 1) == 1)
            {
                throw Fail(tag, $"odd value length {length}");
            }
            if (end is { } limit && reader.Position + length > limit)
            {
                throw Fail(tag, $"value length {length} runs past the end of its item");
            }
            if (vr == DicomVR.SQ)
            {
                return new DicomStructureNode(tag) { Items = ReadItems(tag, enc, reader.Position + length, depth + 1) };
            }
            if (sequenceOnly)
            {
                // A reader that knows the tag parses these bytes as items, one that does not keeps them: two structures.
                throw Fail(tag, $"a sequence attribute written as a {vr} value");
            }
            if (IsPixelData(tag))
            {
                pixels.Add((reader.Position, length));
            }
            reader.Skip(length);
            return new DicomStructureNode(tag);
        }

        private List<List<DicomStructureNode>> ReadItems(DicomTag sequence, DicomEncoding enc, long? end, int depth)
        {
            if (depth > MaxDepth)
            {
                throw Fail(sequence, $"sequences nested deeper than {MaxDepth} levels");
            }
            var items = new List<List<DicomStructureNode>>();
            while (true)
            {
                if (end is { } limit && reader.Position >= limit)
                {
                    return reader.Position == limit ? items : throw Fail(sequence, "an item runs past the end of its sequence");
                }
                var h = reader.Read(8);
                var tag = new DicomTag(reader.UInt16(h, enc.BigEndian), reader.UInt16(h[2..], enc.BigEndian));
                var length = reader.UInt32(h[4..], enc.BigEndian);
                if (tag == DicomTag.SequenceDelimitation && end is null)
                {
                    return length == 0 ? items : throw Fail(sequence, "a sequence delimitation item with a non-zero length");
                }
                if (tag != DicomTag.Item)
                {
                    throw Fail(sequence, $"{tag} where an item of the sequence should be");
                }
                if (length != Undefined && ((length & 1) == 1 || (end is { } e && reader.Position + length > e)))
                {
                    throw Fail(sequence, $"item length {length} is odd or runs past the end of its sequence");
                }
                _path.Push(sequence, items.Count);
                var itemEnd = length == Undefined ? (long?)null : reader.Position + length;
                items.Add(ReadElements(enc, itemEnd, undefinedItem: length == Undefined, depth));
                _path.Pop();
            }
        }

        private int ReadFragments(DicomTag tag, DicomEncoding enc)
        {
            var count = 0;
            while (true)
            {
                var h = reader.Read(8);
                var item = new DicomTag(reader.UInt16(h, enc.BigEndian), reader.UInt16(h[2..], enc.BigEndian));
                var length = reader.UInt32(h[4..], enc.BigEndian);
                if (item == DicomTag.SequenceDelimitation)
                {
                    return length == 0 ? count : throw Fail(tag, "a sequence delimitation item with a non-zero length");
                }
                if (item != DicomTag.Item || length == Undefined || (length & 1) == 1)
                {
                    throw Fail(tag, "a pixel data item that is no item of defined, even length");
                }
                pixels.Add((reader.Position, length));
                reader.Skip(length);
                count++;
            }
        }

        private static bool IsPixelData(DicomTag tag) => tag.Group == 0x7FE0 && tag.Element is 0x0010 or 0x0008 or 0x0009;

        private DicomFormatException Fail(DicomTag? tag, string problem) =>
            new(reader.Position, _path.Format(tag), problem);
    }
}
