using System.Text;

namespace DropBox.Dicom.Text;

/// <summary>Turns the bytes of one whole text value (all its backslash-separated parts) into a string and back.</summary>
internal abstract class ValueCodec
{
    public abstract string Decode(ReadOnlySpan<byte> value, DicomVR vr);

    /// <summary>Encodes without padding; characters outside the repertoire become '?'.</summary>
    public abstract byte[] Encode(string text, DicomVR vr);

    /// <summary>
    /// True where PS3.5 §6.1.2.5.3 makes the character set of value 1 active again: at CR, LF, FF and TAB, at the
    /// value delimiter of multi-valued VRs, and for PN also at the component ("^") and group ("=") delimiters.
    /// LT, ST and UT are single-valued, so a backslash there is text, not a delimiter.
    /// </summary>
    public static bool ResetsDesignations(int c, DicomVR vr) =>
        c is '\r' or '\n' or '\f' or '\t'
        || (c == '\\' && !IsSingleValued(vr))
        || (vr == DicomVR.PN && c is '^' or '=');

    public static bool IsSingleValued(DicomVR vr) => vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT;
}

/// <summary>A repertoire without code extensions: one .NET encoding for the whole value.</summary>
internal sealed class EncodingCodec(Encoding encoding) : ValueCodec
{
    public Encoding Encoding { get; } = encoding;

    // Multi-byte encodings (GB18030, GBK, UTF-8) must see the whole value: a 0x5C byte can be the second byte of
    // a character, so the value is decoded first and only the resulting text is split on backslashes.
    public override string Decode(ReadOnlySpan<byte> value, DicomVR vr) => Encoding.GetString(value);

    public override byte[] Encode(string text, DicomVR vr) =>
        Encoding.CodePage == 28591 && DicomCharacterSet.TryEncodeLatin1(text) is { } bytes ? bytes : Encoding.GetBytes(text);
}
