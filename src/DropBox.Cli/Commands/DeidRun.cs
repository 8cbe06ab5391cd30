using DropBox.Deidentify.Engine;
using DropBox.Deidentify.Pseudonyms;
using DropBox.Deidentify.Quarantine;

namespace DropBox.Cli;

/// <summary>One `dropbox deid` run: files found, engine per file (in parallel), progress, summary, exit code.</summary>
internal sealed class DeidRun(DeidSettings settings, string stateDirectory, bool keepNames, bool whatIf, int jobs, TimeProvider time)
{
    /// <summary>The project secret file (default &lt;state&gt;/&lt;project&gt;.secret).</summary>
    public string? SecretFile { get; init; }

    /// <summary>The pseudonym database (default &lt;state&gt;/pseudonyms.db).</summary>
    public string? StoreFile { get; init; }

    public int Execute(string input, string output, TextWriter stdout, TextWriter stderr)
    {
        var errors = settings.Validate("deid").ToList();
        if (errors.Count > 0)
        {
            errors.ForEach(e => stderr.WriteLine($"dropbox deid: {e}"));
            return ExitCodes.Usage;
        }
        if (!File.Exists(input) && !Directory.Exists(input))
        {
            stderr.WriteLine($"dropbox deid: input '{input}' does not exist.");
            return ExitCodes.Failed;
        }
        // SQLite's start-up (loading, first open, first statement: tens of ms) runs on another core while this thread
        // lists the files and builds the engine; any error opening the store is raised below, before the first file.
        var storePath = StoreFile ?? Path.Combine(stateDirectory, "pseudonyms.db");
        var opening = Task.Run(() =>
        {
            Directory.CreateDirectory(stateDirectory);
            return new SqlitePseudonymStore(storePath, time);
        });
        var root = File.Exists(input) ? Path.GetDirectoryName(Path.GetFullPath(input))! : Path.GetFullPath(input);
        var files = File.Exists(input)
            ? [Path.GetFullPath(input)]
            : Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

        DeidEngine engine;
        try
        {
            Directory.CreateDirectory(stateDirectory);
            var secret = ProjectSecret.LoadOrCreate(SecretFile ?? Path.Combine(stateDirectory, settings.Project + ".secret"));
            engine = new DeidEngine(settings, new OpeningStore(opening), secret, DropBox.Daemon.Deidentification.PixelCleaningWiring.For(settings, time));
            opening.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or System.Data.Common.DbException)
        {
            stderr.WriteLine($"dropbox deid: cannot use the state folder '{stateDirectory}': {e.Message}");
            return ExitCodes.Failed;
        }
        stderr.WriteLine($"dropbox deid: pseudonym map and project secret in {Path.GetFullPath(stateDirectory)}");
        return whatIf ? WhatIf(engine, root, files, stdout) : Deidentify(engine, root, files, output, stderr);
    }

    private static int WhatIf(DeidEngine engine, string root, List<string> files, TextWriter stdout)
    {
        var quarantined = 0;
        foreach (var file in files)
        {
            var (result, plan) = engine.WhatIf(file);
            stdout.WriteLine($"== {Path.GetRelativePath(root, file)}");
            if (!result.IsOk)
            {
                quarantined++;
                stdout.WriteLine($"   quarantine {result.Reason}: {result.Message}");
                continue;
            }
            foreach (var (path, action) in plan)
            {
                stdout.WriteLine($"   {path} {action}");
            }
        }
        return quarantined > 0 ? ExitCodes.SomeQuarantined : ExitCodes.Ok;
    }

    private int Deidentify(DeidEngine engine, string root, List<string> files, string output, TextWriter stderr)
    {
        var outputRoot = Path.GetFullPath(output);
        Directory.CreateDirectory(outputRoot);
        var upload = new UploadContext();
        var done = 0;
        var ok = 0;
        var failed = 0;
        var byReason = new Dictionary<string, int>(StringComparer.Ordinal);
        var report = new List<string>();
        var showProgress = !Console.IsErrorRedirected && files.Count > 20;
        var gate = new Lock();
        FileWorkers.Run(files, jobs, file =>
        {
            var relative = Path.GetRelativePath(root, file);
            try
            {
                var result = keepNames
                    ? engine.Deidentify(file, Path.Combine(outputRoot, relative), upload)
                    : engine.DeidentifyInto(file, outputRoot, upload);
                if (result.IsOk)
                {
                    Interlocked.Increment(ref ok);
                }
                else
                {
                    lock (gate)
                    {
                        byReason[result.Reason!] = byReason.GetValueOrDefault(result.Reason!) + 1;
                        report.Add($"quarantined: {relative}: {result.Reason}: {result.Message}");
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Interlocked.Increment(ref failed);
                lock (gate)
                {
                    report.Add($"failed: {relative}: {e.GetType().Name}: {e.Message}");
                }
            }
            var n = Interlocked.Increment(ref done);
            if (showProgress)
            {
                lock (gate)
                {
                    stderr.Write($"\r{n}/{files.Count} files");
                }
            }
        });
        if (showProgress)
        {
            stderr.WriteLine();
        }
        report.Sort(StringComparer.Ordinal);
        foreach (var line in report)
        {
            stderr.WriteLine(line);
        }
        var quarantined = 0;
        var reasonList = new List<string>();
        var reasonNames = byReason.Keys.ToArray();
        Array.Sort(reasonNames, StringComparer.Ordinal);
        foreach (var reason in reasonNames)
        {
            quarantined += byReason[reason];
            reasonList.Add($"{reason}: {byReason[reason]}");
        }
        var reasons = string.Join(", ", reasonList);
        stderr.WriteLine($"dropbox deid: {ok} de-identified, {quarantined} quarantined{(quarantined > 0 ? $" ({reasons})" : "")}, {failed} failed");
        return failed > 0 ? ExitCodes.Failed : quarantined > 0 ? ExitCodes.SomeQuarantined : ExitCodes.Ok;
    }

    /// <summary>The store being opened on another thread; every call waits for it (it is open before the first file).</summary>
    private sealed class OpeningStore(Task<SqlitePseudonymStore> opening) : IPseudonymStore
    {
        public string GetOrCreate(string project, string patientKey, string format) =>
            opening.GetAwaiter().GetResult().GetOrCreate(project, patientKey, format);
    }
}
