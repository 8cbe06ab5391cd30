using DropBox.Testing;

namespace DropBox.Cli.Tests.Commands;

/// <summary>
/// One de-identification of the whole corpus with default settings (a real `dropbox deid` process, outputs
/// mirrored with --keep-names), a second process on the MR series with the same state folder, and a run with
/// the engine's own output names. Shared by the corpus tests so the corpus is processed once.
/// </summary>
public sealed class DeidCorpusRun : IDisposable
{
    private readonly TempDir _dir = new("dropbox-deid-corpus");

    public DeidCorpusRun()
    {
        if (RepoPaths.Corpus is null)
        {
            return;
        }
        Corpus = RepoPaths.Corpus;
        State = _dir.Combine("state");
        KeepNamesOut = _dir.Combine("out-keep-names");
        SecondRunOut = _dir.Combine("out-second-run");
        NamedOut = _dir.Combine("out-named");
        TestSecret.WriteTo(Path.Combine(State, "default.secret"));
        First = DropBoxCli.Run(["deid", Corpus, KeepNamesOut, "--keep-names", "--state", State], TimeSpan.FromMinutes(3));
        Second = DropBoxCli.Run(["deid", Path.Combine(Corpus, "synthetic", "mr_series_01"), SecondRunOut, "--keep-names", "--state", State], TimeSpan.FromMinutes(2));
        Named = DropBoxCli.Run(["deid", Corpus, NamedOut, "--state", State], TimeSpan.FromMinutes(3));
    }

    public string Corpus { get; } = string.Empty;
    public string State { get; } = string.Empty;
    public string KeepNamesOut { get; } = string.Empty;
    public string SecondRunOut { get; } = string.Empty;
    public string NamedOut { get; } = string.Empty;
    public ProcessResult? First { get; }
    public ProcessResult? Second { get; }
    public ProcessResult? Named { get; }

    /// <summary>"relative path" → reason, from the first run's stderr ("quarantined: PATH: REASON: message").</summary>
    public IReadOnlyDictionary<string, string> Quarantined =>
        First!.StdErrLines.Where(l => l.StartsWith("quarantined: ", StringComparison.Ordinal))
            .Select(l => l["quarantined: ".Length..].Split(": "))
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    public void Dispose() => _dir.Dispose();
}
