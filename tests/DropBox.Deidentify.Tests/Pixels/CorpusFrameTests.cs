using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pixels;
using DropBox.Deidentify.Quarantine;
using DropBox.Deidentify.Tests.Engine;
using DropBox.Dicom;
using DropBox.Testing;

namespace DropBox.Deidentify.Tests.Pixels;

/// <summary>
/// Every JPEG, JPEG-LS and JPEG 2000 file of <c>../shared/dicom-corpus</c> (read, never copied): it still
/// de-identifies, its fragments keep their sizes, the only changed bytes are blanks, pixel-compare.py reports a
/// change exactly where the plan says segments were blanked, and dcmtk decodes the JPEG and JPEG-LS outputs to the
/// input's pixels.
/// </summary>
public sealed class CorpusFrameTests
{
    private static readonly DicomTag PixelData = new(0x7FE0, 0x0010);

    [CorpusFact("pydicom", "dcmdjpeg", "dcmdjpls")]
    public void Every_compressed_corpus_file_still_deidentifies_and_only_text_segment_bytes_change()
    {
        var files = CorpusCatalog.Entries
            .Where(e => e.TransferSyntax is { } ts && CompressionFamilies.Of(ts) != CompressionFamily.None)
            .ToList();
        Assert.NotEmpty(files);
        using var harness = new EngineHarness(new DeidSettings { Relax = [QuarantineReasons.BurnedInAnnotation, QuarantineReasons.StructuredReport] });
        using var dir = new TempDir("dropbox-corpus-frames");
        var problems = new List<string>();
        var blankedFiles = 0;
        foreach (var entry in files)
        {
            var input = RepoPaths.CorpusFile(entry.Path);
            var output = dir.Combine(entry.Path.Replace('/', '_'));
            var result = harness.Engine.Deidentify(input, output, new UploadContext());
            if (!result.IsOk)
            {
                problems.Add($"{entry.Path}: quarantined {result.Reason}: {result.Message}");
                continue;
            }
            var plan = harness.Engine.WhatIf(input).Plan.FirstOrDefault(p => p.Path == "(7FE0,0010)").Action ?? "";
            var blanked = plan.Contains("blanked", StringComparison.Ordinal);
            blankedFiles += blanked ? 1 : 0;
            problems.AddRange(CompareFragments(input, output).Select(p => $"{entry.Path}: {p}"));
            var compare = PixelCompare.Run(input, output);
            if (compare.ExitCode != (blanked ? 1 : 0))
            {
                problems.Add($"{entry.Path}: plan '{plan}' but pixel-compare exited {compare.ExitCode}: {compare.StdOut}");
            }
            if (CompressionFamilies.Of(entry.TransferSyntax!) == CompressionFamily.Jpeg)
            {
                problems.AddRange(DecodedDiffer(entry.TransferSyntax!, input, output, dir).Select(p => $"{entry.Path}: {p}"));
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
        Assert.True(blankedFiles > 0, "no corpus file had a text segment to blank (the J2K files carry encoder COMs)");
    }

    /// <summary>Same fragments, same sizes, same offset table; every changed byte is now a blank (zero or space).</summary>
    private static IEnumerable<string> CompareFragments(string inputPath, string outputPath)
    {
        using var input = DicomFile.Open(inputPath);
        using var output = DicomFile.Open(outputPath);
        if (input.Dataset.Get(PixelData) is not DicomFragments before)
        {
            yield break;
        }
        if (output.Dataset.Get(PixelData) is not DicomFragments after)
        {
            yield return "the output has no encapsulated pixel data";
            yield break;
        }
        if (!before.OffsetTable.ToArray().AsSpan().SequenceEqual(after.OffsetTable.ToArray()))
        {
            yield return "the Basic Offset Table changed";
        }
        if (!before.Fragments.Select(f => f.Length).SequenceEqual(after.Fragments.Select(f => f.Length)))
        {
            yield return "fragment sizes changed";
            yield break;
        }
        for (var i = 0; i < before.Fragments.Count; i++)
        {
            var was = before.Fragments[i].ToArray();
            var now = after.Fragments[i].ToArray();
            var changed = Enumerable.Range(0, was.Length).Where(b => was[b] != now[b]).ToList();
            if (changed.Any(b => now[b] is not (0 or (byte)' ')))
            {
                yield return $"fragment {i} has a changed byte that is not a blank";
            }
        }
    }

    /// <summary>dcmtk's decoded pixels of input and output, compared by pixel-compare.py (empty when equal).</summary>
    private static IEnumerable<string> DecodedDiffer(string transferSyntax, string input, string output, TempDir dir)
    {
        var decoder = transferSyntax.EndsWith(".80", StringComparison.Ordinal) || transferSyntax.EndsWith(".81", StringComparison.Ordinal)
            ? "dcmdjpls" : "dcmdjpeg";
        var decodedInput = dir.Combine("decoded-input.dcm");
        var decodedOutput = dir.Combine("decoded-output.dcm");
        if (ProcessRunner.Run(decoder, input, decodedInput).ExitCode != 0)
        {
            yield break; // dcmtk cannot decode the original either: nothing to compare
        }
        var run = ProcessRunner.Run(decoder, output, decodedOutput);
        if (run.ExitCode != 0)
        {
            yield return $"{decoder} decodes the input but not the output: {run.Describe()}";
            yield break;
        }
        var compare = PixelCompare.Run(decodedInput, decodedOutput);
        if (compare.ExitCode != 0)
        {
            yield return $"decoded pixels differ: {compare.StdOut}";
        }
    }
}
