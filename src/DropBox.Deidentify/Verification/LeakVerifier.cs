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
    public const int MinimumBytes = 4;

    public static string? FindLeak(string outputPath, DeidState state)
    {
        var needles = Needles(state);
        if (needles.Count == 0)
        {
            return null;
        }
        var bytes = File.ReadAllBytes(outputPath);
        if (Search(bytes, needles) is { } offset)
        {
            return $"an identifying value removed from the input was found again at byte {offset} of the output";
        }
        if (InflatedDataset(bytes) is { } inflated && Search(inflated, needles) is { } inflatedOffset)
        {
            return $"an identifying value removed from the input was found again at byte {inflatedOffset} of the inflated dataset";
        }
        return null;
    }

    internal static List<byte[]> Needles(DeidState state)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<byte[]>();
        var bytesSeen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, charset) in state.Replaced)
        {
            foreach (var component in TextCleaner.Components(value))
            {
                if (component.Length == 0 || !seen.Add(component) || IsLegitimate(component, state))
                {
                    continue;
                }
                foreach (var encoding in charset.Encodings.Append(Encoding.UTF8).Append(Encoding.Latin1))
                {
                    byte[] encoded;
                    try
                    {
                        encoded = encoding.GetBytes(component);
                    }
                    catch (EncoderFallbackException)
                    {
                        continue;
                    }
                    if (encoded.Length >= MinimumBytes && bytesSeen.Add(Convert.ToHexString(encoded)))
                    {
                        result.Add(encoded);
                    }
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Inside a value kept by a rule (never a person name) or written by the engine: its presence is explained
    /// by that value. A kept value that itself holds an identity is a rule decision (field list, profile), which
    /// the verifier does not second-guess; a name the engine failed to replace is still found in full.
    /// </summary>
    private static bool IsLegitimate(string component, DeidState state) =>
        state.Legitimate.Contains(component)
        || Derivation.UidRemapper.IsStandard(component)
        || state.Written.Any(w => w.Contains(component, StringComparison.Ordinal))
        || state.Legitimate.Any(k => k.Contains(component, StringComparison.Ordinal));

    private static long? Search(ReadOnlySpan<byte> haystack, List<byte[]> needles)
    {
        foreach (var needle in needles)
        {
            var at = haystack.IndexOf(needle);
            if (at >= 0)
            {
                return at;
            }
        }
        return null;
    }

    /// <summary>For Deflated Explicit VR LE: the raw-deflated dataset after the meta group, inflated; else null.</summary>
    private static byte[]? InflatedDataset(byte[] file)
    {
        if (file.Length < 144 || !file.AsSpan(128, 4).SequenceEqual("DICM"u8))
        {
            return null;
        }
        var metaLength = BitConverter.ToUInt32(file, 140);
        var datasetStart = 144L + metaLength;
        var ts = Encoding.ASCII.GetString(file, 132, (int)Math.Min(metaLength + 12, file.Length - 132));
        if (!ts.Contains(TransferSyntax.DeflatedExplicitVRLittleEndian.Uid, StringComparison.Ordinal) || datasetStart >= file.Length)
        {
            return null;
        }
        using var input = new MemoryStream(file, (int)datasetStart, file.Length - (int)datasetStart);
        using var deflate = new DeflateStream(input, CompressionMode.Decompress);
        using var output = new MemoryStream();
        deflate.CopyTo(output);
        return output.ToArray();
    }
}
