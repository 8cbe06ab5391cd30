namespace DropBox.Deidentify.Pixels.Cleaning;

/// <summary>
/// Decodes a file's encapsulated (compressed) pixel data into native pixels: a program such as GDCM's gdcmconv or
/// dcmtk's dcmdjpeg run by the caller (the daemon or the CLI), so this library starts no process. The decoded file is
/// plaintext PHI: <paramref name="outputPath"/> is always in the caller's private work area.
/// </summary>
public interface IPixelDecoder
{
    /// <summary>Writes <paramref name="inputPath"/> with its pixel data decoded (Explicit VR Little Endian) to
    /// <paramref name="outputPath"/>. Returns null when done, or a PHI-free reason it could not be decoded (program,
    /// exit code, transfer syntax; never a value of the file).</summary>
    string? Decode(string inputPath, string transferSyntaxUid, string outputPath, CancellationToken cancellationToken);
}
