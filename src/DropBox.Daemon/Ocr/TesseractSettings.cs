namespace DropBox.Daemon.Ocr;

/// <summary>How frames are handed to tesseract. The defaults are the measured ones (bench/README.md, "OCR").</summary>
internal sealed class TesseractSettings
{
    /// <summary>tesseract's --psm. 11 (sparse text, default): burned-in annotations are scattered words and short
    /// lines, not paragraphs. 12 (11 with orientation detection) read no more words and took twice as long.</summary>
    public int PageSegmentationMode { get; init; } = 11;

    /// <summary>Whole factor (1-4) a frame is enlarged by before reading; 2 by default: at native size tesseract read
    /// 5 of 12 words in a 9 px font, at twice the size 11 of 12 (11 and 15 px read either way), for ~3x the cost per
    /// frame (bench/README.md, "OCR").</summary>
    public int Scale { get; init; } = 2;

    /// <summary>A tesseract run on one frame longer than this is killed and the read fails (default 60 s; a
    /// 640x480 frame takes ~0.5-1.5 s on a quiet 2-core machine, 10 s under a load average of 40).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>tesseract's -l: the trained language data (Debian tesseract-ocr ships "eng").</summary>
    public string Language { get; init; } = "eng";

    /// <summary>Every problem at once; empty when the settings are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (PageSegmentationMode is < 0 or > 13)
        {
            errors.Add($"the OCR page segmentation mode must be 0-13 (tesseract --psm), not {PageSegmentationMode}");
        }
        if (Scale is < 1 or > 4)
        {
            errors.Add($"the OCR scale must be a whole factor from 1 to 4, not {Scale}");
        }
        if (Timeout <= TimeSpan.Zero)
        {
            errors.Add("the OCR timeout must be positive");
        }
        if (string.IsNullOrWhiteSpace(Language) || !Language.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+'))
        {
            errors.Add("the OCR language must name tesseract language data, e.g. \"eng\"");
        }
        return errors;
    }
}
