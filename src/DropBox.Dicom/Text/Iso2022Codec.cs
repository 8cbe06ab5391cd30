using System.Text;

namespace DropBox.Dicom.Text;

/// <summary>
/// Text with ISO 2022 code extensions (PS3.5 §6.1.2.5): escape sequences inside a value designate G0/G1 sets,
/// and the designations of value 1 of (0008,0005) come back at every delimiter (see <see cref="ValueCodec.ResetsDesignations"/>).
/// </summary>
internal sealed class Iso2022Codec : ValueCodec
{
    private readonly GraphicSet _initialG0;
    private readonly GraphicSet? _initialG1;
    private readonly GraphicSet[] _declared;
    private readonly GraphicSet? _implicitG1;

    /// <param name="initialG0">Single-byte G0 of value 1 (ASCII, or JIS X 0201 Romaji for ISO 2022 IR 13).</param>
    /// <param name="initialG1">G1 of value 1, if it has one.</param>
    /// <param name="declared">Every set the terms declare, in term order: the sets the encoder may designate.</param>
    public Iso2022Codec(GraphicSet initialG0, GraphicSet? initialG1, IReadOnlyList<GraphicSet> declared)
    {
        _initialG0 = initialG0;
        _initialG1 = initialG1;
        _declared = [.. declared.Distinct()];
        // Lenient reading: a writer that declares e.g. "\ISO 2022 IR 149" but omits ESC $ ) C before its high bytes
        // still means the only G1 set it declared. Without any declared G1 set, high bytes fall back to Latin-1.
        _implicitG1 = _declared.FirstOrDefault(s => s.IsG1);
    }

    public override string Decode(ReadOnlySpan<byte> value, DicomVR vr)
    {
        // Most values of such datasets are plain ASCII: with no escape and no high byte the initial single-byte G0
        // (ASCII, or Romaji read as ASCII) is all there is.
        if (value.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0 && !value.Contains((byte)0x1B))
        {
            return Encoding.ASCII.GetString(value);
        }
        var text = new StringBuilder(value.Length);
        var run = new RunDecoder(text);
        var g0 = _initialG0;
        var g1 = _initialG1;
        var i = 0;
        while (i < value.Length)
        {
            var b = value[i];
            if (b == 0x1B && GraphicSets.TryMatchEscape(value[i..], out var designated, out var escapeLength))
            {
                if (designated.IsG1)
                {
                    g1 = designated;
                }
                else
                {
                    g0 = designated;
                }
                i += escapeLength;
                continue;
            }
            var width = 1;
            if (b < 0x80)
            {
                if (g0.BytesPerChar == 2 && i + 1 < value.Length && g0.Holds(b) && g0.Holds(value[i + 1]))
                {
                    run.Add(g0, value.Slice(i, 2));
                    width = 2;
                }
                else
                {
                    // Controls, space, an unknown ESC and stray single bytes in double-byte mode read as ASCII.
                    run.Add(g0.BytesPerChar == 1 && g0.Holds(b) ? g0 : GraphicSets.Ascii, value.Slice(i, 1));
                    if (ResetsDesignations(b, vr))
                    {
                        g0 = _initialG0;
                        g1 = _initialG1;
                    }
                }
            }
            else
            {
                var gr = g1 ?? _implicitG1;
                if (gr is not null && gr.Holds(b) && (gr.BytesPerChar == 1 || (i + 1 < value.Length && gr.Holds(value[i + 1]))))
                {
                    width = gr.BytesPerChar;
                    run.Add(gr, value.Slice(i, width));
                }
                else
                {
                    // Nothing designated can read this byte: keep it as Latin-1 rather than lose it.
                    run.Add(GraphicSets.Latin1, value.Slice(i, 1));
                }
            }
            i += width;
        }
        run.Flush();
        return text.ToString();
    }

    public override byte[] Encode(string text, DicomVR vr)
    {
        var output = new List<byte>(text.Length * 2);
        var g0 = _initialG0;
        var g1 = _initialG1;
        Span<byte> bytes = stackalloc byte[4];
        foreach (var rune in text.EnumerateRunes())
        {
            if (rune.Value < 0x80)
            {
                // ASCII, space and controls need a single-byte G0; delimiters need the one of value 1.
                var resets = ResetsDesignations(rune.Value, vr);
                if (g0.BytesPerChar != 1 || (resets && g0 != _initialG0))
                {
                    output.AddRange(_initialG0.Escape);
                    g0 = _initialG0;
                }
                output.Add((byte)rune.Value);
                if (resets)
                {
                    g1 = _initialG1;
                }
                continue;
            }
            var n = 0;
            GraphicSet? set = null;
            foreach (var candidate in Candidates(g0, g1))
            {
                n = candidate.TryEncode(rune, bytes);
                if (n > 0)
                {
                    set = candidate;
                    break;
                }
            }
            if (set is null)
            {
                if (g0.BytesPerChar != 1)
                {
                    output.AddRange(_initialG0.Escape);
                    g0 = _initialG0;
                }
                output.Add((byte)'?');
                continue;
            }
            if (set.IsG1 && set != g1)
            {
                output.AddRange(set.Escape);
                g1 = set;
            }
            else if (!set.IsG1 && set != g0)
            {
                output.AddRange(set.Escape);
                g0 = set;
            }
            for (var k = 0; k < n; k++)
            {
                output.Add(bytes[k]);
            }
        }
        // The value must end with the G0 set of value 1 active (PS3.5 §6.1.2.5.3).
        if (g0 != _initialG0)
        {
            output.AddRange(_initialG0.Escape);
        }
        return [.. output];
    }

    /// <summary>Sets already designated first (no escape needed), then the declared ones in term order.</summary>
    private IEnumerable<GraphicSet> Candidates(GraphicSet g0, GraphicSet? g1)
    {
        if (g1 is not null)
        {
            yield return g1;
        }
        if (g0.BytesPerChar == 2)
        {
            yield return g0;
        }
        foreach (var set in _declared)
        {
            yield return set;
        }
    }

    /// <summary>Collects consecutive bytes of one set so each run is decoded in one call.</summary>
    private sealed class RunDecoder(StringBuilder text)
    {
        private readonly List<byte> _bytes = [];
        private GraphicSet? _set;

        public void Add(GraphicSet set, ReadOnlySpan<byte> bytes)
        {
            if (set != _set)
            {
                Flush();
                _set = set;
            }
            _bytes.AddRange(bytes);
        }

        public void Flush()
        {
            if (_set is not null && _bytes.Count > 0)
            {
                _set.Decode(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_bytes), text);
            }
            _bytes.Clear();
        }
    }
}
