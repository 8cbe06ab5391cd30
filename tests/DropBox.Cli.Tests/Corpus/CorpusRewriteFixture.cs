using DropBox.Testing;

namespace DropBox.Cli.Tests.Corpus;

/// <summary>
/// Runs <c>dropbox dicom rewrite IN OUT</c> ONCE over every catalogued corpus file, plus the batch oracles
/// (pixel-compare.py folder mode, pydicom strict reads) once, for all the per-file round-trip tests.
/// IN is a copy of exactly the catalogued files in the corpus layout (the corpus folder itself also holds
/// README, scripts and manifests, which a rewrite must refuse and which would blur the exit code).
/// </summary>
public sealed class CorpusRewriteFixture : IDisposable
{
    private readonly TempDir? _tmp;
    private readonly Lazy<IReadOnlyDictionary<string, PixelVerdict>> _pixels;
    private readonly Lazy<IReadOnlyDictionary<string, PydicomRead>> _pydicom;

    public CorpusRewriteFixture()
    {
        _pixels = new(() => PixelCompare.RunFolders(InputRoot, OutputRoot));
        _pydicom = new(() => Pydicom.ReadMany(CorpusCatalog.Entries
            .Select(e => OutputOf(e.Path)).Where(File.Exists).ToArray()));
        if (SkipReasons.ForCorpus() is not null || !File.Exists(DropBoxCli.DllPath))
        {
            return;
        }
        _tmp = new TempDir("dropbox-corpus-rewrite");
        InputRoot = _tmp.CreateDirectory("in");
        OutputRoot = _tmp.Combine("out");
        foreach (var entry in CorpusCatalog.Entries)
        {
            var target = Path.Combine(InputRoot, entry.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(entry.FullPath, target);
        }
        Rewrite = DropBoxCli.Run(["dicom", "rewrite", InputRoot, OutputRoot], TimeSpan.FromMinutes(10));
    }

    public string InputRoot { get; } = "";

    public string OutputRoot { get; } = "";

    /// <summary>The one CLI run (null when the corpus or the CLI build is missing).</summary>
    public ProcessResult? Rewrite { get; }

    /// <summary>pixel-compare.py's verdicts keyed by corpus-relative path.</summary>
    public IReadOnlyDictionary<string, PixelVerdict> Pixels => _pixels.Value;

    /// <summary>Strict pydicom reads of the outputs keyed by full output path.</summary>
    public IReadOnlyDictionary<string, PydicomRead> PydicomReads => _pydicom.Value;

    public string OutputOf(string relativePath) => Path.Combine(OutputRoot, relativePath);

    /// <summary>The CLI's stderr lines that mention this file (its refusal reason), for messages.</summary>
    public string StdErrAbout(string relativePath) =>
        string.Join('\n', (Rewrite?.StdErrLines ?? []).Where(l => l.Contains(relativePath, StringComparison.Ordinal)));

    public ProcessResult RequireRun() =>
        Rewrite ?? throw new InvalidOperationException($"dropbox.dll not built at {DropBoxCli.DllPath}");

    public void Dispose() => _tmp?.Dispose();
}
