using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

public sealed class DeidCommandTests(DeidCorpusRun run) : IClassFixture<DeidCorpusRun>
{
    private static readonly TimeSpan ScanTimeout = TimeSpan.FromMinutes(3);

    [CorpusFact]
    public void The_corpus_run_exits_3_because_some_files_are_quarantined_and_names_its_state_folder()
    {
        Assert.True(run.First!.ExitCode == 3, run.First.Describe());
        Assert.Contains(run.First.StdErrLines, l => l.Contains(run.State, StringComparison.Ordinal));
        Assert.Contains(run.First.StdErrLines, l => l.Contains(" de-identified, ", StringComparison.Ordinal));
    }

    [CorpusFact]
    public void Phi_scan_finds_nothing_in_the_outputs_written_with_keep_names()
    {
        var manifest = Path.Combine(run.Corpus, "synthetic", "manifest.json");
        var synthetic = PhiScan.Run(manifest, Path.Combine(run.KeepNamesOut, "synthetic"), Path.Combine(run.Corpus, "synthetic"),
            Path.Combine(run.KeepNamesOut, "synthetic"), timeout: ScanTimeout);
        Assert.True(synthetic.ExitCode == 0, synthetic.Describe(6000) + synthetic.StdOut[^Math.Min(6000, synthetic.StdOut.Length)..]);
        // Every output (real ones too) against every planted value, plus the profile check against its original.
        var all = PhiScan.Run(manifest, run.KeepNamesOut, run.Corpus, run.KeepNamesOut, timeout: ScanTimeout);
        Assert.True(all.ExitCode == 0, all.StdOut.Split('\n').Where(l => l.Contains("FAIL", StringComparison.Ordinal)).Take(40).Aggregate("", (a, b) => a + b + "\n"));
    }

    [CorpusFact]
    public void Phi_scan_with_global_finds_nothing_in_the_outputs_named_by_the_engine_after_a_positive_control()
    {
        var manifest = Path.Combine(run.Corpus, "synthetic", "manifest.json");
        var control = PhiScan.Run(manifest, null, null, Path.Combine(run.Corpus, "synthetic"), ["--positive-control", "--no-profile"], ScanTimeout);
        Assert.True(control.ExitCode == 0, control.Describe());
        Assert.True(run.Named!.ExitCode == 3, run.Named.Describe());
        var files = Directory.GetFiles(run.NamedOut, "*.dcm", SearchOption.AllDirectories);
        Assert.All(files, f => Assert.Matches(@"^[A-Z]+-\d{4}/[0-9a-f]{12}/\d+_\d+(_\d+)?\.dcm$", Path.GetRelativePath(run.NamedOut, f).Replace('\\', '/')));
        var scan = PhiScan.Run(manifest, null, null, run.NamedOut, ["--global", "--no-profile"], ScanTimeout);
        Assert.True(scan.ExitCode == 0, scan.StdOut.Split('\n').Where(l => l.Contains("FAIL", StringComparison.Ordinal)).Take(40).Aggregate("", (a, b) => a + b + "\n"));
    }

    [CorpusFact("dcmdump")]
    public void Every_output_reads_in_dcmdump_without_correction_and_no_worse_than_its_input()
    {
        var problems = new List<string>();
        foreach (var output in Directory.GetFiles(run.KeepNamesOut, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(run.KeepNamesOut, output);
            var after = Dcmdump.Check(output);
            if (after.IsClean)
            {
                continue;
            }
            var before = Dcmdump.Check(Path.Combine(run.Corpus, relative));
            if (after.ExitCode != 0 || after.StdErrLines.Except(before.StdErrLines).Any())
            {
                problems.Add($"{relative}: {after}");
            }
        }
        Assert.Empty(problems);
    }

    [CorpusFact]
    public void Every_output_has_the_pixel_data_of_its_input()
    {
        var result = PixelCompare.Run(run.Corpus, run.KeepNamesOut, TimeSpan.FromMinutes(3));
        // Encapsulated frames whose header text segments (COM, APPn) were blanked differ in those bytes only; that is
        // checked exactly, file by file against the plan, by DropBox.Deidentify.Tests' CorpusFrameTests. Every other
        // difference fails here, and a file listed as failing must have no other reason.
        var reasons = result.StdOutLines.Where(l => l.TrimStart().StartsWith("FAIL", StringComparison.Ordinal) && l.StartsWith(' ')).ToList();
        var failures = reasons.Where(l => !l.Contains("encapsulated frame bytes differ", StringComparison.Ordinal)).ToList();
        Assert.True(failures.Count == 0, string.Join('\n', result.StdOutLines.Where(l => l.Contains("FAIL", StringComparison.Ordinal))));
        // Files without an output are exactly the quarantined ones.
        var missing = result.StdOutLines.Where(l => l.StartsWith("MISS ", StringComparison.Ordinal))
            .Select(l => Path.GetRelativePath(run.Corpus, l.Split(' ')[1])).ToHashSet();
        Assert.Subset(run.Quarantined.Keys.ToHashSet(), missing);
    }

    [CorpusFact("dcmdump")]
    public void The_twenty_mr_slices_share_one_new_study_uid_and_one_pseudonym_and_a_second_process_writes_the_same_bytes()
    {
        Assert.True(run.Second!.ExitCode == 0, run.Second.Describe());
        var slices = Directory.GetFiles(Path.Combine(run.KeepNamesOut, "synthetic", "mr_series_01"));
        Assert.Equal(20, slices.Length);
        var studies = new HashSet<string>();
        var patients = new HashSet<string>();
        var names = new HashSet<string>();
        foreach (var slice in slices)
        {
            var elements = Dcmdump.Elements(slice);
            studies.Add(elements.Single(e => e.TagPath == "(0020,000D)").Value.Trim('[', ']', ' ', '\0'));
            patients.Add(elements.Single(e => e.TagPath == "(0010,0020)").Value.Trim('[', ']', ' ', '\0'));
            names.Add(elements.Single(e => e.TagPath == "(0010,0010)").Value.Trim('[', ']', ' ', '\0'));
            var second = Path.Combine(run.SecondRunOut, Path.GetFileName(slice));
            Assert.Equal(File.ReadAllBytes(slice), File.ReadAllBytes(second));
        }
        var original = Dcmdump.Elements(Directory.GetFiles(Path.Combine(run.Corpus, "synthetic", "mr_series_01"))[0])
            .Single(e => e.TagPath == "(0020,000D)").Value.Trim('[', ']', ' ', '\0');
        Assert.Single(studies);
        Assert.NotEqual(original, studies.Single());
        Assert.StartsWith("2.25.", studies.Single(), StringComparison.Ordinal);
        Assert.Single(patients);
        Assert.Matches(@"^SUBJ-\d{4}$", patients.Single());
        Assert.Equal(patients, names);
    }

    [CorpusTheory]
    [InlineData("real/fo-dicom/GH1728.dcm", "burned-in-annotation")]
    [InlineData("synthetic/syn07_us_rgb_burned_in_annotation.dcm", "burned-in-annotation")]
    [InlineData("real/dcm4che/US-RGB-8-esopecho", "burned-in-annotation")]
    [InlineData("real/pydicom-data/OBXXXX1A.dcm", "burned-in-annotation")]
    [InlineData("real/pydicom/dicomdirtests/DICOMDIR", "dicomdir")]
    [InlineData("real/dcm4che/DICOMDIR", "dicomdir")]
    [InlineData("synthetic/dicomdir_01/DICOMDIR", "dicomdir")]
    [InlineData("synthetic/syn06_sr_phi_in_content_evrle.dcm", "structured-report")]
    public void Files_marked_burned_in_or_dicomdir_are_quarantined_with_the_reason_and_no_output(string relative, string reason)
    {
        Assert.Equal(reason, run.Quarantined.GetValueOrDefault(relative));
        Assert.False(File.Exists(Path.Combine(run.KeepNamesOut, relative)));
    }

    [CorpusFact]
    public void What_if_prints_paths_and_actions_but_no_values_and_writes_nothing()
    {
        using var dir = new TempDir();
        var input = Path.Combine(run.Corpus, "synthetic", "syn01_ct_phi_many_attrs_latin1_evrle.dcm");
        var result = DropBoxCli.Run(["deid", input, dir.Combine("out"), "--what-if", "--state", dir.Combine("state")], TimeSpan.FromMinutes(1));
        Assert.True(result.ExitCode == 0, result.Describe());
        Assert.Contains("(0010,0010) pseudonym", result.StdOut, StringComparison.Ordinal);
        Assert.Contains("(0008,0020) empty", result.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("19", result.StdOut.Replace("(0019", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(Directory.Exists(dir.Combine("out")) && Directory.EnumerateFiles(dir.Combine("out"), "*", SearchOption.AllDirectories).Any());
    }
}
