using System.IO.Compression;

namespace DropBox.Dicom;

/// <summary>
/// Finds where the dataset starts (preamble + "DICM", meta without preamble, or a bare dataset), which
/// transfer syntax it really uses, inflates a deflated dataset to a temporary file, then parses.
/// </summary>
internal static class DicomFileReader
{
    public static DicomFile Read(Stream stream, bool ownsStream, DicomReadOptions options)
    {
        var warnings = new List<DicomWarning>();
        var source = new DicomSource(stream, ownsStream);
        DicomSource? inflated = null;
        using var topReader = new DicomByteReader(stream);
        DicomByteReader? inflatedReader = null;
        var parser = new DicomParser(topReader, source, options, warnings, string.Empty);
        try
        {
            var meta = new DicomDataset();
            var reader = parser.Reader;
            var hasMeta = SkipPreamble(reader);
            if (hasMeta)
            {
                parser.ReadMeta(meta);
            }
            var syntax = ResolveSyntax(reader, meta, hasMeta, warnings);
            if (syntax.IsDeflated)
            {
                inflated = Inflate(reader, options);
                inflatedReader = new DicomByteReader(inflated.Stream);
                parser = new DicomParser(inflatedReader, inflated, options, warnings, " (in the inflated dataset)");
            }
            var dataset = new DicomDataset();
            parser.ReadDataset(dataset, DicomEncoding.Of(syntax));
            return new DicomFile(meta, dataset, syntax, warnings, source, inflated);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            inflated?.Dispose();
            source.Dispose();
            throw parser.Wrap(error);
        }
        finally
        {
            inflatedReader?.Dispose();
        }
    }

    /// <summary>True when a file meta group follows (after a preamble + DICM, or directly at offset 0).</summary>
    private static bool SkipPreamble(DicomByteReader reader)
    {
        if (reader.Ensure(132) && reader.Peek(132)[128..].SequenceEqual("DICM"u8))
        {
            reader.Advance(132);
            return true;
        }
        if (reader.Ensure(4) && reader.Peek(4).SequenceEqual("DICM"u8))
        {
            reader.Advance(4);
            return true;
        }
        return reader.Ensure(8) && reader.Peek(2)[0] == 0x02 && reader.Peek(2)[1] == 0x00;
    }

    private static TransferSyntax ResolveSyntax(DicomByteReader reader, DicomDataset meta, bool hasMeta, List<DicomWarning> warnings)
    {
        var detected = Detect(reader, hasMeta);
        var uid = meta.GetString(DicomTag.TransferSyntaxUid);
        if (string.IsNullOrEmpty(uid))
        {
            if (detected is null)
            {
                if (reader.Remaining == 0 && hasMeta)
                {
                    return TransferSyntax.ExplicitVRLittleEndian;
                }
                throw new DicomFormatException(reader.Position, string.Empty,
                    "not a DICOM file: no DICM marker, no file meta group and no plausible first data element");
            }
            if (hasMeta)
            {
                warnings.Add(new DicomWarning(reader.Position, string.Empty, $"file meta has no Transfer Syntax UID; detected {Name(detected)}"));
            }
            return detected;
        }
        var declared = TransferSyntax.FromUid(uid);
        // A declared syntax that contradicts the first element's bytes (seen in the wild): trust the bytes.
        if (detected is not null && !declared.IsDeflated && reader.Remaining > 0
            && (declared.IsExplicitVR != detected.IsExplicitVR || declared.IsBigEndian != detected.IsBigEndian))
        {
            warnings.Add(new DicomWarning(reader.Position, string.Empty, $"declared transfer syntax {declared.Uid} but the dataset is {Name(detected)}; reading it as found"));
            return declared.IsEncapsulated && detected.IsExplicitVR && !detected.IsBigEndian ? declared
                : detected.IsExplicitVR ? (detected.IsBigEndian ? TransferSyntax.ExplicitVRBigEndian : TransferSyntax.ExplicitVRLittleEndian)
                : TransferSyntax.ImplicitVRLittleEndian;
        }
        return declared;
    }

    private static string Name(TransferSyntax syntax) =>
        $"{(syntax.IsExplicitVR ? "explicit" : "implicit")} VR {(syntax.IsBigEndian ? "big" : "little")} endian";

    /// <summary>
    /// Guesses the encoding from the first data element: byte order from the group (small groups have a
    /// zero high byte), explicit VR when bytes 4-5 are a standard VR. Null if nothing plausible is there.
    /// </summary>
    private static TransferSyntax? Detect(DicomByteReader reader, bool hasMeta)
    {
        if (!reader.Ensure(8))
        {
            return null;
        }
        var b = reader.Peek(8);
        var bigEndian = b[0] == 0 && b[1] != 0;
        var group = bigEndian ? (b[0] << 8) | b[1] : b[0] | (b[1] << 8);
        var explicitVR = DicomVR.FromBytes(b[4], b[5]).IsKnown;
        if (!hasMeta)
        {
            // A bare dataset starts with a low group (command group length, identifying group 0008, ...).
            var length = bigEndian ? (uint)((b[4] << 24) | (b[5] << 16) | (b[6] << 8) | b[7]) : (uint)(b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24));
            var plausible = group <= 0x0010 && (explicitVR || length == 0xFFFFFFFF || length <= reader.Remaining - 8);
            if (!plausible)
            {
                return null;
            }
        }
        return explicitVR
            ? (bigEndian ? TransferSyntax.ExplicitVRBigEndian : TransferSyntax.ExplicitVRLittleEndian)
            : TransferSyntax.ImplicitVRLittleEndian;
    }

    /// <summary>Copies the inflated dataset, refusing one that grows past the limit (a deflate bomb would fill the disk).</summary>
    private static void CopyAtMost(Stream inflater, Stream output, long limit, long start)
    {
        var buffer = new byte[1 << 16];
        long total = 0;
        int read;
        while ((read = inflater.Read(buffer, 0, buffer.Length)) > 0)
        {
            total += read;
            if (total > limit)
            {
                throw new DicomFormatException(start, string.Empty,
                    $"the deflated dataset inflates to more than {limit} bytes (the reader's MaxInflatedBytes): a deflate bomb, or a dataset too large to read");
            }
            output.Write(buffer, 0, read);
        }
    }

    /// <summary>Inflates the rest of the input (raw deflate, or zlib-wrapped by some writers) to a temp file.</summary>
    private static DicomSource Inflate(DicomByteReader reader, DicomReadOptions options)
    {
        var start = reader.Position;
        var tempPath = Path.Combine(options.TempDirectory ?? Path.GetTempPath(), $"dropbox-inflate-{Guid.NewGuid():N}.tmp");
        var temp = new FileStream(tempPath, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
        try
        {
            Span<byte> head = stackalloc byte[2];
            var zlib = reader.TryPeekAt(start, head) && head[0] == 0x78 && ((head[0] << 8) | head[1]) % 31 == 0;
            var raw = new SubStream(reader, start);
            using (Stream inflater = zlib ? new ZLibStream(raw, CompressionMode.Decompress) : new DeflateStream(raw, CompressionMode.Decompress))
            {
                // Not disposed: disposing a BufferedStream closes the temp file, which deletes it.
                var buffered = new BufferedStream(temp, 1 << 16);
                CopyAtMost(inflater, buffered, options.MaxInflatedBytes, start);
                buffered.Flush();
            }
            temp.Position = 0;
            return new DicomSource(temp, ownsStream: true);
        }
        catch (InvalidDataException error)
        {
            temp.Dispose();
            throw new DicomFormatException(start, string.Empty, "the deflated dataset is not valid deflate data", error);
        }
        catch
        {
            temp.Dispose();
            throw;
        }
    }
}
