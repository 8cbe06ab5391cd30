using System.Text;
using System.Text.RegularExpressions;
using DropBox.Dicom.Text;

namespace DropBox.Dicom;

/// <summary>
/// Decodes and encodes text values per Specific Character Set (0008,0005): PS3.3 C.12.1.1.2, PS3.5 §6.1 with the
/// ISO 2022 code extensions of §6.1.2.5 and the examples of Annexes H (Japanese), I (Korean), J and K (Chinese).
/// Reading never throws: unknown terms give a warning and Latin-1, bytes no set can read are kept as Latin-1.
/// </summary>
public sealed partial class DicomCharacterSet
{
    private static readonly ValueCodec DefaultRepertoire = new EncodingCodec(Encoding.Latin1);

    private readonly ValueCodec _codec;

    private DicomCharacterSet(IReadOnlyList<string> terms, ValueCodec codec, bool isCodeExtension, IReadOnlyList<Encoding> encodings)
    {
        Terms = terms;
        _codec = codec;
        IsCodeExtension = isCodeExtension;
        Encodings = encodings;
    }

    /// <summary>ISO_IR 6 (no Specific Character Set): ASCII; stray high bytes decode as Latin-1 so nothing is lost.</summary>
    public static DicomCharacterSet Default { get; } = new([], DefaultRepertoire, isCodeExtension: false, [Encoding.Latin1]);

    /// <summary>The terms of (0008,0005) as written (trimmed), value 1 possibly empty (= default repertoire).</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>True when values may switch sets with ISO 2022 escape sequences (PS3.5 §6.1.2.5).</summary>
    public bool IsCodeExtension { get; }

    /// <summary>
    /// Every encoding a value of this dataset could be stored in (the de-identification verifier searches each):
    /// for code extensions the full escape-sequence form first, then each declared set's plain form.
    /// </summary>
    public IReadOnlyList<Encoding> Encodings { get; }

    /// <summary>
    /// Builds the character set from the raw text of (0008,0005) (terms separated by backslashes). Unknown or
    /// misspelt terms give a <paramref name="warning"/> (naming only the term, never a value) and are read leniently.
    /// </summary>
    public static DicomCharacterSet FromSpecificCharacterSet(string? value, out string? warning)
    {
        warning = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }
        if (Built.TryGetValue(value, out var known))
        {
            warning = known.Warning;
            return known.CharacterSet;
        }
        var built = Build(value, out warning);
        if (Built.Count < MaxBuilt)
        {
            Built.TryAdd(value, new BuiltCharacterSet(built, warning));
        }
        return built;
    }

    // Every file of a series declares the same (0008,0005): a character set is immutable (its codecs keep no state
    // between calls), so each distinct value is resolved once per process. Bounded, since the values come from uploads.
    private const int MaxBuilt = 64;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, BuiltCharacterSet> Built = new(StringComparer.Ordinal);

    private sealed record BuiltCharacterSet(DicomCharacterSet CharacterSet, string? Warning);

    private static DicomCharacterSet Build(string value, out string? warning)
    {
        var terms = value.Split('\\').Select(t => t.Trim(' ', '\0')).ToArray();
        var warnings = new List<string>();
        var definitions = terms.Select((t, i) => t.Length == 0 ? null : Resolve(t, warnings)).ToArray();
        var first = definitions[0];
        // One non-ISO 2022 term has no code extensions; UTF-8, GB18030 and GBK never have them, even if more terms follow.
        var withoutExtensions = (terms.Length == 1 && first is not { IsCodeExtension: true })
            || first is { IsCodeExtension: false, CodeExtensionTwin: null };
        var result = withoutExtensions ? WithoutExtensions(terms, first, warnings) : WithExtensions(terms, definitions, warnings);
        warning = warnings.Count == 0 ? null : string.Join("; ", warnings);
        return result;
    }

    /// <summary>
    /// ISO 8859-1 bytes of <paramref name="text"/> (each char up to U+00FF is its own byte), or null when a char has no
    /// Latin-1 byte. By hand: the framework's vectorised narrowing is not precompiled for CPUs with AVX-512, so every
    /// process would JIT it for its first value (the default repertoire encodes with it; the verifier builds needles).
    /// </summary>
    public static byte[]? TryEncodeLatin1(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var bytes = new byte[text.Length];
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xFF)
            {
                return null;
            }
            bytes[i] = (byte)text[i];
        }
        return bytes;
    }

    /// <summary>
    /// What is wrong with a Specific Character Set value for a strict reader (pydicom refuses it, dcmtk guesses), or
    /// null: an unknown or misspelt term, or more than one term where the first cannot be extended (UTF-8, GB18030,
    /// GBK) or a later one is not an ISO 2022 set. Names terms only, never a value.
    /// </summary>
    public static string? ProblemOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        FromSpecificCharacterSet(value, out var warning);
        if (warning is not null)
        {
            return warning;
        }
        var terms = value.Split('\\').Select(t => t.Trim(' ', '\0')).ToArray();
        if (terms.Length > 1 && terms.Skip(1).Any(t => t.Length > 0)
            && terms.Any(t => t is "ISO_IR 192" or "GB18030" or "GBK" || (t.Length > 0 && t != terms[0] && !t.StartsWith("ISO 2022", StringComparison.Ordinal))))
        {
            return "more than one term, with a term that cannot be used as a code extension";
        }
        return null;
    }

    /// <summary>
    /// A value holding an ESC byte that starts no known ISO 2022 escape sequence, or any ESC where the dataset
    /// declares no code extensions: a strict reader cannot decode it. Null when the escapes are fine.
    /// </summary>
    public string? EscapeProblem(ReadOnlySpan<byte> value)
    {
        var at = value.IndexOf((byte)0x1B);
        while (at >= 0)
        {
            if (!IsCodeExtension)
            {
                return "an ISO 2022 escape in a dataset that declares no code extensions";
            }
            if (!GraphicSets.TryMatchEscape(value[at..], out _, out var length))
            {
                return "an unknown ISO 2022 escape sequence";
            }
            var next = value[(at + length)..].IndexOf((byte)0x1B);
            at = next < 0 ? -1 : at + length + next;
        }
        return null;
    }

    /// <summary>Decodes a whole value (all of its backslash-separated parts) of a string VR.</summary>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr) =>
        (vr.UsesSpecificCharacterSet ? _codec : DefaultRepertoire).Decode(value, vr);

    /// <summary>
    /// Decodes a value and splits it into its values at backslashes (after decoding, so a multi-byte character
    /// whose second byte is 0x5C stays whole). LT, ST and UT are single-valued: their backslashes are text.
    /// </summary>
    public string[] DecodeValues(ReadOnlySpan<byte> value, DicomVR vr)
    {
        var text = Decode(value, vr);
        return ValueCodec.IsSingleValued(vr) ? [text] : text.Split('\\');
    }

    /// <summary>Encodes a whole value of a string VR (no padding added); unrepresentable characters become '?'.</summary>
    public byte[] Encode(string text, DicomVR vr) =>
        (vr.UsesSpecificCharacterSet ? _codec : DefaultRepertoire).Encode(text, vr);

    public override string ToString() => Terms.Count == 0 ? "ISO_IR 6 (default)" : string.Join('\\', Terms);

    private static TermDefinition? Resolve(string term, List<string> warnings)
    {
        var definition = DefinedTerms.Resolve(term, out var corrected);
        if (definition is null)
        {
            warnings.Add($"Specific Character Set term {Describe(term)} is not supported; its text is read as Latin-1 (ISO_IR 100)");
        }
        else if (corrected is not null)
        {
            warnings.Add($"Specific Character Set term {Describe(term)} is not a defined term; read as '{corrected}'");
        }
        return definition;
    }

    private static DicomCharacterSet WithoutExtensions(string[] terms, TermDefinition? definition, List<string> warnings)
    {
        if (terms.Length > 1)
        {
            warnings.Add($"Specific Character Set term {Describe(terms[0])} allows no code extensions; its other {terms.Length - 1} term(s) are ignored");
        }
        if (definition is null)
        {
            return new(terms, DefaultRepertoire, isCodeExtension: false, [Encoding.Latin1]);
        }
        if (definition.CodePage == 0)
        {
            // ISO_IR 13: JIS X 0201 Romaji in GL and Katakana in GR, one byte each.
            var jis = new Iso2022Codec(definition.G0!, definition.G1, [definition.G0!, definition.G1!]);
            return new(terms, jis, isCodeExtension: false, [new CodecEncoding(definition.Term, jis)]);
        }
        var encoding = CodePages.Get(definition.CodePage);
        return new(terms, new EncodingCodec(encoding), isCodeExtension: false, [encoding]);
    }

    private static DicomCharacterSet WithExtensions(string[] terms, TermDefinition?[] definitions, List<string> warnings)
    {
        var usable = new List<TermDefinition>();
        for (var i = 0; i < definitions.Length; i++)
        {
            var twin = definitions[i]?.CodeExtensionTwin;
            if (definitions[i] is not null && twin is null)
            {
                warnings.Add($"Specific Character Set term '{definitions[i]!.Term}' cannot be combined with code extensions; it is ignored");
            }
            if (twin is not null)
            {
                usable.Add(twin);
            }
            definitions[i] = twin;
        }
        // Value 1 empty (or unusable) means ISO 2022 IR 6. A double-byte G0 set as value 1 (ISO 2022 IR 87) still
        // starts in ASCII: delimiters are single bytes, and its kanji only ever follow an escape sequence.
        var first = definitions[0];
        var initialG0 = first?.G0 is { BytesPerChar: 1 } g0 ? g0 : GraphicSets.Ascii;
        var initialG1 = first?.G1;
        var declared = usable.SelectMany(d => new[] { d.G0, d.G1 }).OfType<GraphicSet>().ToList();
        var codec = new Iso2022Codec(initialG0, initialG1, declared);
        var name = string.Join('\\', usable.Select(u => u.Term));
        var encodings = new List<Encoding> { new CodecEncoding(name.Length == 0 ? "ISO 2022 IR 6" : name, codec) };
        encodings.AddRange(declared.Select(PlainEncoding).OfType<Encoding>());
        if (!declared.Any(s => s.IsG1))
        {
            encodings.Add(Encoding.Latin1);
        }
        return new(terms, codec, isCodeExtension: true, [.. encodings.Distinct()]);
    }

    /// <summary>How one declared set's characters look without escape sequences (or with .NET's own, for JIS X 0208).</summary>
    private static Encoding? PlainEncoding(GraphicSet set) => set switch
    {
        UpperHalfSet upper => CodePages.Get(upper.CodePage),
        EucDoubleByteSet { IsG1: true } euc => CodePages.Get(euc.CodePage),
        EucDoubleByteSet => CodePages.Get(CodePages.Iso2022Jp),
        KatakanaSet => new CodecEncoding("ISO_IR 13", new Iso2022Codec(GraphicSets.Romaji, GraphicSets.Katakana, [GraphicSets.Katakana])),
        _ => null,
    };

    /// <summary>Names a term in a warning only if it looks like a code string (≤ 16 plain characters): never free text.</summary>
    private static string Describe(string term) => CodeStringLike().IsMatch(term) ? $"'{term}'" : "(malformed, not shown)";

    [GeneratedRegex(@"^[A-Za-z0-9 _\-.]{1,16}$")]
    private static partial Regex CodeStringLike();
}
