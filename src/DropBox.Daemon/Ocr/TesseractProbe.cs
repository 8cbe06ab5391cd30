using DropBox.Daemon.Platform;

namespace DropBox.Daemon.Ocr;

/// <summary>
/// For <c>dropbox check</c> when CleanPixelData is on: whether the configured tesseract starts and has the language
/// data the reader asks for (Debian's tesseract-ocr brings tesseract-ocr-eng). Found at check time, not at the first
/// ultrasound of a night.
/// </summary>
internal static class TesseractProbe
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <returns>Null when it is usable, else what is wrong and what to do (no PHI: a program path and a language).</returns>
    public static async Task<string?> ProblemAsync(string? program, string language, TimeProvider time, CancellationToken cancellationToken)
    {
        var path = string.IsNullOrWhiteSpace(program) ? TesseractFrameTextReader.DefaultProgram : program;
        ChildProcessResult result;
        try
        {
            result = await ChildProcessRunner.RunAsync(new ChildProcessRequest(path, ["--list-langs"], Timeout), time, cancellationToken).ConfigureAwait(false);
        }
        catch (ChildProcessStartException e)
        {
            return $"{e.Message}: install tesseract (apt-get install tesseract-ocr) or set Deidentify:OcrPath";
        }
        catch (TimeoutException e)
        {
            return e.Message;
        }

        if (result.ExitCode != 0)
        {
            return $"'{path} --list-langs' exited with code {result.ExitCode}: is it tesseract?";
        }
        // tesseract 5 prints the list on stdout, 4 on stderr; the first line names the folder.
        var listed = (result.StandardOutput + "\n" + result.StandardError)
            .Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return language.Split('+').FirstOrDefault(l => !listed.Contains(l, StringComparer.Ordinal)) is { } missing
            ? $"tesseract has no '{missing}' language data: install tesseract-ocr-{missing}"
            : null;
    }
}
