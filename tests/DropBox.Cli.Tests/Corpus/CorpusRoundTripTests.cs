using DropBox.Testing;

namespace DropBox.Cli.Tests.Corpus;

/// <summary>
/// Issue 2, "What it must show": the codec reads and writes back every corpus file without changing what it
/// says. Every catalogued file is either rewritten or refused, and refused only where dcmtk refuses it too.
/// Every rewritten file is judged by independent oracles against its original: dcmdump (parse check and the
/// element list), pixel-compare.py and pydicom. One test case per file, so a failure names the file.
/// </summary>
public sealed class CorpusRoundTripTests(CorpusRewriteFixture rewrite) : IClassFixture<CorpusRewriteFixture>
{
    public static TheoryData<string> CorpusFiles()
    {
        var data = new TheoryData<string>();
        foreach (var entry in CorpusCatalog.Entries)
        {
            data.Add(entry.Path);
        }
        return data;
    }

    [CorpusFact("dcmdump")]
    public void The_folder_rewrite_exits_1_exactly_when_it_refused_files_and_names_each_on_stderr()
    {
        var run = rewrite.RequireRun();
        var refused = CorpusCatalog.Entries.Where(e => !File.Exists(rewrite.OutputOf(e.Path))).ToArray();

        Assert.True(run.ExitCode == (refused.Length > 0 ? 1 : 0), $"refused {refused.Length} file(s); {run.Describe()}");
        foreach (var entry in refused)
        {
            Assert.True(rewrite.StdErrAbout(entry.Path).Length > 0, $"no stderr line names the refused {entry.Path}; {run.Describe()}");
        }
    }

    [CorpusTheory("dcmdump")]
    [MemberData(nameof(CorpusFiles))]
    public void Every_file_is_rewritten_or_refused_only_where_dcmtk_refuses_it_too(string path)
    {
        rewrite.RequireRun();
        if (File.Exists(rewrite.OutputOf(path)))
        {
            return;
        }
        var original = Dcmdump.Check(RepoPaths.CorpusFile(path));

        Assert.True(original.ExitCode != 0 || original.Errors.Count > 0,
            $"{path} was refused but dcmtk reads it ({original}). Refusal: {rewrite.StdErrAbout(path)}");
    }

    [CorpusTheory("dcmdump")]
    [MemberData(nameof(CorpusFiles))]
    public void Dcmdump_reads_the_rewritten_file_without_new_complaints(string path)
    {
        if (RewrittenOrNull(path) is not { } output)
        {
            return;
        }
        var after = Dcmdump.Check(output);
        if (after.IsClean)
        {
            return;
        }
        // Known false alarm allowance (corpus README): "no worse than the original". A complaint the original
        // already draws (same text, file name aside) is not new; everything else is.
        var before = Dcmdump.Check(RepoPaths.CorpusFile(path));
        var oldLines = before.StdErrLines.Select(l => l.Replace(RepoPaths.CorpusFile(path), "FILE", StringComparison.Ordinal)).ToHashSet();
        var newLines = after.StdErrLines.Select(l => l.Replace(output, "FILE", StringComparison.Ordinal)).Where(l => !oldLines.Contains(l)).ToArray();

        Assert.True(after.ExitCode == 0 && newLines.Length == 0,
            $"{path}: rewritten file: {after}\nnew compared with the original:\n  {string.Join("\n  ", newLines)}");
    }

    [CorpusTheory("dcmdump")]
    [MemberData(nameof(CorpusFiles))]
    public void The_rewritten_file_lists_the_same_elements_and_values(string path)
    {
        if (RewrittenOrNull(path) is not { } output)
        {
            return;
        }
        var original = RepoPaths.CorpusFile(path);
        if (Dcmdump.Check(original).ExitCode != 0)
        {
            return; // dcmtk cannot list the original (truncated/broken): nothing independent to compare with
        }

        var differences = DumpComparison.Differences(Dcmdump.Elements(original), Dcmdump.Elements(output));

        Assert.True(differences.Count == 0,
            $"{path}: {differences.Count} element difference(s) (dcmdump, group lengths and meta group ignored, odd lengths may gain one pad byte):\n  "
            + string.Join("\n  ", differences.Take(40)));
    }

    [CorpusTheory("pydicom")]
    [MemberData(nameof(CorpusFiles))]
    public void Pixel_compare_finds_the_pixel_data_unchanged(string path)
    {
        if (RewrittenOrNull(path) is null)
        {
            return;
        }
        Assert.True(rewrite.Pixels.TryGetValue(path, out var verdict), $"{path}: pixel-compare.py gave no verdict");

        Assert.True(verdict.Ok || IsOnlyTheEvenLengthPad(verdict), $"{path}: {verdict}");
    }

    // Known false alarm of pixel-compare.py: an ODD-length native Pixel Data (syn08: 63 bytes) must be padded
    // to even length by any conformant writer (PS3.5 7.1.1), which pixel-compare reports as "63 vs 64 bytes,
    // first difference at 63", i.e. all 63 original bytes are identical and only the pad byte is new.
    // Exactly that message, and nothing else, is excused.
    private static bool IsOnlyTheEvenLengthPad(PixelVerdict verdict)
    {
        var failures = verdict.Messages.Where(m => m.StartsWith("FAIL", StringComparison.Ordinal)).ToArray();
        if (failures.Length != 1)
        {
            return false;
        }
        var m = System.Text.RegularExpressions.Regex.Match(failures[0], @"^FAIL \w*PixelData differs: (\d+) vs (\d+) bytes, first difference at (\d+)$");
        return m.Success && long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) is var n
            && n % 2 == 1
            && m.Groups[2].Value == (n + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)
            && m.Groups[3].Value == m.Groups[1].Value;
    }

    [CorpusTheory("pydicom")]
    [MemberData(nameof(CorpusFiles))]
    public void Pydicom_reads_the_rewritten_file_at_least_as_well_as_the_original(string path)
    {
        if (RewrittenOrNull(path) is not { } output)
        {
            return;
        }
        var read = rewrite.PydicomReads[output];
        if (read.Ok)
        {
            return;
        }
        var baseline = CorpusCatalog.Default![path].PydicomStrict;

        // Known false alarms: pydicom 2.3.1 fails on some originals for reasons in the VALUES, which a faithful
        // rewrite keeps: GB18030 names whose characters contain byte 0x5C are split there (UnicodeDecodeError,
        // syn02), invalid values raise ValueError (badVR, GH342, rtdose_expb). The same exception as the
        // original is "no worse". InvalidDicomError is never excused: our outputs always have preamble + meta.
        Assert.True(read.Outcome == baseline && baseline != "InvalidDicomError",
            $"{path}: strict pydicom read of the rewritten file: {read}; original: {baseline}");
    }

    private string? RewrittenOrNull(string path)
    {
        rewrite.RequireRun();
        var output = rewrite.OutputOf(path);
        return File.Exists(output) ? output : null;
    }
}
