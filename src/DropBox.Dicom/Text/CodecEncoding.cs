using System.Text;

namespace DropBox.Dicom.Text;

/// <summary>
/// A <see cref="ValueCodec"/> seen as an <see cref="Encoding"/>, so the de-identification verifier can search
/// output bytes for a removed value written the way this dataset writes text (escape sequences included).
/// Encodes and decodes as PN, the VR with the most delimiters.
/// </summary>
internal sealed class CodecEncoding(string name, ValueCodec codec) : Encoding
{
    public override string EncodingName => name;

    public override string WebName => "x-dicom-" + name.Replace(' ', '-').ToLowerInvariant();

    public override byte[] GetBytes(string s) => codec.Encode(s, DicomVR.PN);

    public override string GetString(byte[] bytes, int index, int count) => codec.Decode(bytes.AsSpan(index, count), DicomVR.PN);

    public override int GetByteCount(char[] chars, int index, int count) => GetBytes(new string(chars, index, count)).Length;

    public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
    {
        var encoded = GetBytes(new string(chars, charIndex, charCount));
        encoded.CopyTo(bytes, byteIndex);
        return encoded.Length;
    }

    public override int GetCharCount(byte[] bytes, int index, int count) => GetString(bytes, index, count).Length;

    public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
    {
        var decoded = GetString(bytes, byteIndex, byteCount);
        decoded.CopyTo(0, chars, charIndex, decoded.Length);
        return decoded.Length;
    }

    // Worst case per character: a 4-byte escape and 2 bytes; plus the final 3-byte return to G0 of value 1.
    public override int GetMaxByteCount(int charCount) => checked((charCount * 6) + 3);

    // Every stored byte gives at most one UTF-16 unit (no set here goes beyond the BMP).
    public override int GetMaxCharCount(int byteCount) => byteCount;

    // Encoding.Equals compares code pages, and every codec encoding has code page 0.
    public override bool Equals(object? value) => ReferenceEquals(this, value);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
