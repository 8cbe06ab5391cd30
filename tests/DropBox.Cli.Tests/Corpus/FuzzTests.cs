using System.Text.Json;
using DropBox.Testing;

namespace DropBox.Cli.Tests.Corpus;

/// <summary>
/// Issue 11, part 7: the mutation fuzzer's small seeded run is part of the suite. bench/fuzz.sh makes 300
/// reproducible mutants of ../shared/dicom-corpus (bit flips, hostile lengths, stray delimiters, charset escapes,
/// UN sequences, moved tags, cut deflate streams, ...), runs them through `dropbox deid --option
/// CleanStructuredContent --relax burned-in-annotation` and judges every output with the corpus's own oracles.
/// A failure lists each finding with its mutant id; `bench/fuzz.sh --replay ID` runs that mutant alone.
/// </summary>
public sealed class FuzzTests
{
    private const int Seed = 1;
    private const int Count = 300;
    private const double MaxRssMb = 300;

    [CorpusFact("dcmdump", "pydicom")]
    public void Three_hundred_seeded_mutants_come_out_without_crash_hang_planted_value_profile_finding_or_unreadable_output()
    {
        using var tmp = new TempDir("dropbox-fuzz");
        var outDir = tmp.Combine("run");
        var run = ProcessRunner.Run("bash",
            [Path.Combine(RepoPaths.RepoRoot, "bench", "fuzz.sh"), "--dropbox", DropBoxCli.DllPath,
             "--seed", $"{Seed}", "--count", $"{Count}", "--out", outDir, "--jobs", "2", "--max-rss-mb", $"{MaxRssMb}"],
            timeout: TimeSpan.FromMinutes(10));
        var reportPath = Path.Combine(outDir, "report.json");
        Assert.True(File.Exists(reportPath), $"bench/fuzz.sh wrote no report: {run.Describe()}");

        using var report = JsonDocument.Parse(File.ReadAllText(reportPath));
        var counts = report.RootElement.GetProperty("counts");
        Assert.Equal(Count, counts.GetProperty("mutants").GetInt32());
        Assert.True(counts.GetProperty("outputs").GetInt32() > 0, "no mutant came out at all: the run proves nothing");
        Assert.True(report.RootElement.GetProperty("profile_table").ValueKind == JsonValueKind.String,
            "../shared/dicom/ps3.15-table-E.1-1.tsv is missing: phi-scan.py could not check the profile");

        var failures = new List<string>();
        Expect(failures, report, "crashes", "crashes");
        Expect(failures, report, "hangs", "hangs");
        Expect(failures, report, "planted_value_hits", "planted_value_hits");
        Expect(failures, report, "profile_findings", "profile_findings");
        Expect(failures, report, "rejected_outputs", "rejected_outputs");
        Expect(failures, report, "missing_without_reason", null);
        var rss = counts.GetProperty("peak_rss_mb").GetDouble();
        if (rss >= MaxRssMb)
        {
            failures.Add($"peak RSS {rss} MB (limit {MaxRssMb} MB)");
        }

        Assert.True(failures.Count == 0,
            $"seed {Seed}, {Count} mutants:\n{string.Join("\n", failures)}\n\n{File.ReadAllText(Path.Combine(outDir, "summary.txt"))}");
    }

    /// <summary>Adds a failure line (with the first findings' ids and what was found) when a count is not 0.</summary>
    private static void Expect(List<string> failures, JsonDocument report, string count, string? list)
    {
        var n = report.RootElement.GetProperty("counts").GetProperty(count).GetInt32();
        if (n == 0)
        {
            return;
        }
        var examples = list is null ? [] : report.RootElement.GetProperty(list).EnumerateArray().Take(5)
            .Select(f => $"    {f.GetProperty("id").GetString()} {f.GetProperty("kind").GetString()} of {f.GetProperty("source").GetString()}: {f.GetProperty("mutation").GetString()}")
            .ToArray();
        failures.Add($"{count}: {n}\n{string.Join("\n", examples)}");
    }
}
