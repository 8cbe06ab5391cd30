namespace DropBox.Testing;

/// <summary>
/// pydicom 2.3 (Debian python3-pydicom) as a strict reader: the corpus README's script (no force=True, so it
/// needs preamble + meta, which our outputs always have; every value decoded and validated, warnings are
/// errors). The outcome is "ok" or the exception type name, as in catalog.json's <c>pydicom_strict</c>.
/// </summary>
public static class Pydicom
{
    private const string StrictReadScript = """
        import sys, warnings, pydicom
        from pydicom import config
        config.enforce_valid_values = True
        config.settings.reading_validation_mode = config.RAISE
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                warnings.simplefilter("ignore", DeprecationWarning)
                ds = pydicom.dcmread(sys.argv[1])
                for el in ds.iterall(): el.value
                for el in ds.file_meta: el.value
        except Exception as e:
            print(type(e).__name__)
            print(str(e)[:500])
            sys.exit(1)
        print("ok")
        """;

    // Same checks for many files in one interpreter (pydicom's import dominates a single read).
    private const string StrictReadManyScript = """
        import sys, warnings, pydicom
        from pydicom import config
        config.enforce_valid_values = True
        config.settings.reading_validation_mode = config.RAISE
        for path in sys.argv[1:]:
            try:
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    warnings.simplefilter("ignore", DeprecationWarning)
                    ds = pydicom.dcmread(path)
                    for el in ds.iterall(): el.value
                    for el in ds.file_meta: el.value
                print("ok\t" + path)
            except Exception as e:
                msg = str(e)[:500].replace("\t", " ").replace("\n", " ")
                print(type(e).__name__ + "\t" + path + "\t" + msg)
        """;

    /// <summary>Strict-reads many files in one Python process; outcome per given path.</summary>
    public static IReadOnlyDictionary<string, PydicomRead> ReadMany(IReadOnlyCollection<string> paths, TimeSpan? timeout = null)
    {
        var reads = new Dictionary<string, PydicomRead>(StringComparer.Ordinal);
        if (paths.Count == 0)
        {
            return reads;
        }
        var result = ProcessRunner.Run(Tools.Python, ["-c", StrictReadManyScript, .. paths], timeout: timeout ?? TimeSpan.FromMinutes(10));
        foreach (var line in result.StdOutLines)
        {
            var parts = line.Split('\t', 3);
            if (parts.Length >= 2)
            {
                reads[parts[1]] = new PydicomRead(parts[0], parts.Length > 2 ? parts[2] : "");
            }
        }
        if (result.ExitCode != 0 || reads.Count != paths.Count)
        {
            throw new InvalidOperationException($"pydicom strict read script failed: {result.Describe()}");
        }
        return reads;
    }

    public static PydicomRead Read(string path, TimeSpan? timeout = null)
    {
        var result = ProcessRunner.Run(Tools.Python, ["-c", StrictReadScript, path], timeout: timeout);
        var lines = result.StdOutLines;
        if (result.ExitCode == 0 && lines.Count > 0 && lines[0] == "ok")
        {
            return new PydicomRead("ok", "");
        }
        if (result.ExitCode == 1 && lines.Count > 0)
        {
            return new PydicomRead(lines[0], string.Join('\n', lines.Skip(1)));
        }
        throw new InvalidOperationException($"pydicom strict read script failed: {result.Describe()}");
    }
}

/// <summary>Outcome of <see cref="Pydicom.Read"/>: "ok" or an exception type name, plus its message.</summary>
public sealed record PydicomRead(string Outcome, string Detail)
{
    public bool Ok => Outcome == "ok";

    public override string ToString() => Ok ? "pydicom: ok" : $"pydicom: {Outcome}: {Detail}";
}
