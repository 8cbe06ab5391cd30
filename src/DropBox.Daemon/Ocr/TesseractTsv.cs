using System.Globalization;
using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Daemon.Ocr;

/// <summary>
/// Parses tesseract's <c>tsv</c> output: a header line, then one row per page, block, paragraph, line and word
/// (level 1-5) with its box and confidence. Only words (level 5) with text are kept. Anything that is not that
/// table is an error, never "no text": a reader that cannot tell what it saw must fail closed.
/// </summary>
internal static class TesseractTsv
{
    private const string Header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext";
    private const int WordLevel = 5;

    /// <param name="tsv">All of tesseract's stdout.</param>
    /// <param name="scale">The factor the frame was enlarged by; boxes are divided back to frame pixels.</param>
    /// <param name="frameWidth">Width of the frame as given, for clipping the boxes.</param>
    /// <param name="frameHeight">Height of the frame as given.</param>
    /// <exception cref="FormatException">The text is not tesseract's word table (the message quotes no cell text).</exception>
    public static IReadOnlyList<FoundText> ParseWords(string tsv, int scale, int frameWidth, int frameHeight)
    {
        ArgumentNullException.ThrowIfNull(tsv);
        var lines = tsv.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r') != Header)
        {
            throw new FormatException("the output does not start with tesseract's tsv header");
        }

        var words = new List<FoundText>();
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0)
            {
                continue;
            }
            var cells = line.Split('\t');
            if (cells.Length != 12 || !TryInts(cells, out var numbers))
            {
                throw new FormatException($"line {i + 1} of the output is not a row of tesseract's tsv table");
            }
            if (numbers[0] != WordLevel || cells[11].Trim().Length == 0)
            {
                continue;
            }
            var confidence = double.TryParse(cells[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var conf)
                ? (int)Math.Round(conf) : throw new FormatException($"line {i + 1} of the output has no confidence number");
            words.Add(new FoundText(ToFrame(numbers[6], numbers[7], numbers[8], numbers[9], scale, frameWidth, frameHeight), cells[11].Trim(), confidence));
        }
        return words;
    }

    private static bool TryInts(string[] cells, out int[] numbers)
    {
        numbers = new int[10];
        for (var c = 0; c < 10; c++)
        {
            if (!int.TryParse(cells[c], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out numbers[c]))
            {
                return false;
            }
        }
        return true;
    }

    // Outward rounding: a box divided back never loses a pixel of the word it covered.
    private static PixelRegion ToFrame(int left, int top, int width, int height, int scale, int frameWidth, int frameHeight)
    {
        var x0 = Math.Clamp(left / scale, 0, frameWidth);
        var y0 = Math.Clamp(top / scale, 0, frameHeight);
        var x1 = Math.Clamp((left + width + scale - 1) / scale, x0, frameWidth);
        var y1 = Math.Clamp((top + height + scale - 1) / scale, y0, frameHeight);
        return new PixelRegion(x0, y0, x1 - x0, y1 - y0);
    }
}
