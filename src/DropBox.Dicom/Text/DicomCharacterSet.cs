using System.Text;

namespace DropBox.Dicom;

/// <summary>
/// Decodes and encodes text values per Specific Character Set (0008,0005), PS3.5 §6.1 and Annex H/I/J/K.
/// STUB: single-byte ISO_IR 6/100 and ISO_IR 192 only, until the full implementation lands.
/// </summary>
public sealed class DicomCharacterSet
{
    private readonly Encoding _encoding;

    private DicomCharacterSet(IReadOnlyList<string> terms, Encoding encoding)
    {
        Terms = terms;
        _encoding = encoding;
    }

    /// <summary>ISO_IR 6 (no Specific Character Set): ASCII; stray high bytes decode as Latin-1 so nothing is lost.</summary>
    public static DicomCharacterSet Default { get; } = new([], Encoding.Latin1);

    /// <summary>The defined terms of (0008,0005), value 1 possibly empty (= default repertoire).</summary>
    public IReadOnlyList<string> Terms { get; }

    /// <summary>Every encoding a value of this dataset could be stored in (the verifier searches each).</summary>
    public IReadOnlyList<Encoding> Encodings => [_encoding];

    /// <summary>
    /// Builds the character set from the raw text of (0008,0005) (terms separated by backslashes).
    /// An unknown term gives a warning (never PHI) and falls back to the default repertoire.
    /// </summary>
    public static DicomCharacterSet FromSpecificCharacterSet(string? value, out string? warning)
    {
        warning = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return Default;
        }
        var terms = value.Split('\\').Select(t => t.Trim()).ToArray();
        return terms[0] switch
        {
            "ISO_IR 192" => new(terms, Encoding.UTF8),
            "" or "ISO_IR 6" or "ISO_IR 100" => new(terms, Encoding.Latin1),
            _ => Unknown(terms, out warning),
        };
    }

    private static DicomCharacterSet Unknown(string[] terms, out string? warning)
    {
        warning = $"unsupported Specific Character Set '{string.Join('\\', terms)}'; decoding as ISO_IR 100";
        return new(terms, Encoding.Latin1);
    }

    /// <summary>Decodes a whole value (all of its backslash-separated parts) of a string VR.</summary>
    public string Decode(ReadOnlySpan<byte> value, DicomVR vr) =>
        vr.UsesSpecificCharacterSet ? _encoding.GetString(value) : Encoding.Latin1.GetString(value);

    /// <summary>Encodes a whole value of a string VR (no padding added).</summary>
    public byte[] Encode(string text, DicomVR vr) =>
        vr.UsesSpecificCharacterSet ? _encoding.GetBytes(text) : Encoding.ASCII.GetBytes(text);
}
