using System.Globalization;
using DropBox.Daemon.Diagnostics;
using DropBox.Daemon.Platform;
using DropBox.Deidentify.Pixels.Regions;
using Microsoft.Extensions.Logging;

namespace DropBox.Daemon.Ocr;

/// <summary>
/// Reads a frame's words with the <c>tesseract</c> program (Debian tesseract-ocr 5): the frame is enlarged
/// (<see cref="TesseractSettings.Scale"/>), piped in as PGM/PPM on stdin (no plaintext image on disk) and the words
/// come back as tsv on stdout, one process per frame with <c>OMP_THREAD_LIMIT=1</c>: tesseract's own threads are
/// ~6x slower than one process per core on a busy 2-core machine, so parallelism is across frames
/// (<see cref="DropBox.Deidentify.Pixels.Ocr.FrameTextReading"/>). Any failure throws
/// <see cref="FrameTextReadException"/>: a frame that was not read must never pass as a frame without text.
/// </summary>
internal sealed class TesseractFrameTextReader : IFrameTextReader
{
    /// <summary>Found on PATH when no path is configured.</summary>
    public const string DefaultProgram = "tesseract";

    private readonly string _program;
    private readonly TesseractSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    /// <param name="program">Path of tesseract (Deidentify.OcrPath), or null/empty for "tesseract" on PATH.</param>
    public TesseractFrameTextReader(string? program, TesseractSettings settings, TimeProvider time, ILogger<TesseractFrameTextReader> logger)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(settings));
        }
        _program = string.IsNullOrWhiteSpace(program) ? DefaultProgram : program;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    public IReadOnlyList<FoundText> Read(FrameImage frame, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var started = _time.GetTimestamp();
        try
        {
            var words = ReadScaled(frame, cancellationToken);
            Log.FrameRead(_logger, frame.Width, frame.Height, _settings.Scale, words.Count, (long)_time.GetElapsedTime(started).TotalMilliseconds);
            return words;
        }
        catch (FrameTextReadException e)
        {
            Log.FrameReadFailed(_logger, ScrubbedException.From(e), frame.Width, frame.Height, PhiSafe.Describe(e));
            throw;
        }
    }

    private IReadOnlyList<FoundText> ReadScaled(FrameImage frame, CancellationToken cancellationToken)
    {
        var image = PortableAnymap.Encode(FrameScaler.Enlarge(frame, _settings.Scale));
        var request = new ChildProcessRequest(_program, Arguments(), _settings.Timeout)
        {
            StandardInputBytes = image,
            Environment = new Dictionary<string, string> { ["OMP_THREAD_LIMIT"] = "1" },
        };
        ChildProcessResult result;
        try
        {
            result = ChildProcessRunner.RunAsync(request, _time, cancellationToken).GetAwaiter().GetResult();
        }
        catch (ChildProcessStartException e)
        {
            throw new FrameTextReadException($"{e.Message}: install tesseract (apt-get install tesseract-ocr) or set Deidentify:OcrPath", e);
        }
        catch (TimeoutException e)
        {
            throw new FrameTextReadException(e.Message, e);
        }

        if (result.ExitCode != 0)
        {
            throw new FrameTextReadException($"{request.DisplayName} exited with code {result.ExitCode}: {LastLine(result.StandardError)}");
        }
        try
        {
            return TesseractTsv.ParseWords(result.StandardOutput, _settings.Scale, frame.Width, frame.Height);
        }
        catch (FormatException e)
        {
            throw new FrameTextReadException($"{request.DisplayName}'s word list could not be read: {e.Message}", e);
        }
    }

    private List<string> Arguments() =>
    [
        "stdin", "stdout",
        "--psm", _settings.PageSegmentationMode.ToString(CultureInfo.InvariantCulture),
        "-l", _settings.Language,
        "tsv",
    ];

    // tesseract's own error text (a missing language file, an unreadable image) is about its set-up, not the frame.
    private static string LastLine(string standardError)
    {
        var line = standardError.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "no message";
        return line.Length > 200 ? line[..200] : line;
    }
}
