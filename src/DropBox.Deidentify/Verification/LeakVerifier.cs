using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using DropBox.Deidentify.Engine;
using DropBox.Dicom;

namespace DropBox.Deidentify.Verification;

/// <summary>
/// Re-reads a written output and searches all of its bytes (and the inflated dataset of a deflated file) for
/// every identifying value the rules removed or replaced in its input, encoded in the input's character set(s),
/// UTF-8 and ASCII/Latin-1. To keep false alarms rare (a false alarm quarantines a good file, it never leaks):
/// <list type="bullet">
/// <item>values (and name components) shorter than <see cref="MinimumBytes"/> bytes are skipped: "M", "CT" or
///   a 3-digit ID occur by chance in pixel data and in every header;</item>
/// <item>values also present on purpose are skipped: kept by a rule elsewhere in the file (the same text in a
///   kept attribute, a standard UID), or inside something the engine wrote (the pseudonym, a dummy, the method
///   text). Person names are never counted as kept, so a name that survived anywhere is always found.</item>
/// </list>
/// The message names the byte offset, never the value.
/// </summary>
internal static class LeakVerifier
{
    public const int MinimumBytes = NeedleSearch.MinimumLength;

    /// <summary>
    /// Reads <paramref name="file"/> back from its start (after flushing what was written): first strictly, to prove
    /// it has one structure whoever reads it and that it is the dataset meant (<paramref name="written"/>), then byte
    /// by byte for removed values. Pixel data values are left out of the search: they are the input's bytes, copied
    /// (after the frames' text segments were blanked), so a value found there is a chance of compressed or sampled
    /// data, not a leak the engine made; text a device puts into a frame is handled by the frame cleaner.
    /// </summary>
    public static string? FindLeak(Stream file, DeidState state, DicomDataset written)
    {
        file.Flush();
        file.Position = 0;
        DicomStructure structure;
        try
        {
            structure = DicomStrictReader.Read(file);
        }
        catch (Exception e) when (e is DicomFormatException or InvalidDataException)
        {
            return $"the output does not read back with one structure ({e.Message})";
        }
        if (structure.FirstDifference(written) is { } difference)
        {
            return $"the output does not read back as the dataset meant: {difference}";
        }
        var needles = Needles(state);
        if (needles.Count == 0)
        {
            return null;
        }
        var search = new NeedleSearch(needles);
        file.Position = 0;
        var deflated = structure.TransferSyntax.IsDeflated;
        // A deflated file's own bytes are compressed: searched whole; its dataset is searched inflated, without pixels.
        var plain = new GapStream(file, deflated ? [] : structure.PixelValues);
        if (search.FirstIn(plain) is { } offset)
        {
            return $"an identifying value removed from the input was found again at byte {plain.OriginalOffset(offset)} of the output";
        }
        if (deflated)
        {
            file.Position = structure.DatasetStart;
            using var inflated = new DeflateStream(file, CompressionMode.Decompress, leaveOpen: true);
            var dataset = new GapStream(inflated, structure.PixelValues);
            if (search.FirstIn(dataset) is { } inflatedOffset)
            {
                return $"an identifying value removed from the input was found again at byte {dataset.OriginalOffset(inflatedOffset)} of the inflated dataset";
            }
        }
        return null;
    }

    internal static List<byte[]> Needles(DeidState state)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<byte[]>();
        var legitimate = new LegitimateText(state);
        foreach (var (value, charset) in state.Replaced)
        {
            foreach (var component in TextCleaner.Components(value))
            {
                if (IsShortAscii(component) || !seen.Add(component) || legitimate.Explains(component))
                {
                    continue;
                }
                // The file's own encodings, then UTF-8 and Latin-1. Most components are ASCII and encode to the same
                // bytes in all of them: only the first of equal byte strings is kept (distinct components cannot
                // give equal bytes in one encoding, and a rare duplicate across encodings would only cost time).
                var first = result.Count;
                foreach (var encoding in charset.Encodings)
                {
                    AddEncoded(result, first, encoding, component);
                }
                AddEncoded(result, first, Encoding.UTF8, component);
                Add(result, first, DicomCharacterSet.TryEncodeLatin1(component));
            }
        }
        return result;
    }

    /// <summary>Too short in every encoding (ASCII is one byte per char in all of them): not worth asking whether it is explained.</summary>
    private static bool IsShortAscii(string component)
    {
        if (component.Length >= MinimumBytes)
        {
            return false;
        }
        foreach (var c in component)
        {
            if (c >= 0x80)
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Adds the component's bytes in one encoding, unless too short or equal to one added for it already.</summary>
    private static void AddEncoded(List<byte[]> needles, int firstOfComponent, Encoding encoding, string component)
    {
        byte[] encoded;
        try
        {
            encoded = encoding.GetBytes(component);
        }
        catch (EncoderFallbackException)
        {
            return;
        }
        Add(needles, firstOfComponent, encoded);
    }

    private static void Add(List<byte[]> needles, int firstOfComponent, byte[]? encoded)
    {
        if (encoded is null || encoded.Length < MinimumBytes)
        {
            return;
        }
        for (var i = firstOfComponent; i < needles.Count; i++)
        {
            if (needles[i].AsSpan().SequenceEqual(encoded))
            {
                return;
            }
        }
        needles.Add(encoded);
    }

    /// <summary>
    /// Inside a value kept by a rule (never a person name) or written by the engine: its presence is explained
    /// by that value. A kept value that itself holds an identity is a rule decision (field list, profile), which
    /// the verifier does not second-guess; a name the engine failed to replace is still found in full.
    /// The kept and written values are joined once per file with NUL between them, so "inside any of them" is
    /// one vectorised search per component instead of one per component per value (a component holding a NUL,
    /// which could straddle two values, is checked value by value).
    /// </summary>
    private sealed class LegitimateText(DeidState state)
    {
        // Written values are also in Legitimate (DeidState.Wrote adds to both).
        private readonly string _joined = "\0" + string.Join('\0', state.Legitimate) + "\0";

        public bool Explains(string component) =>
            state.Legitimate.Contains(component)
            || Derivation.UidRemapper.IsStandard(component)
            || (component.Contains('\0', StringComparison.Ordinal)
                ? state.Legitimate.Any(k => k.Contains(component, StringComparison.Ordinal))
                : _joined.Contains(component, StringComparison.Ordinal));
    }
}
