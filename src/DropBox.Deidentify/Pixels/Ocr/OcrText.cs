using System.Text;

namespace DropBox.Deidentify.Pixels.Ocr;

/// <summary>
/// The one spelling both sides of a comparison are reduced to, so OCR noise does not hide a match: upper case,
/// letters and digits only (punctuation, spaces and DICOM's '^' are where OCR errs most and say nothing), accents
/// dropped, and the shapes tesseract confuses folded together (O/Q/0, I/L/|/1, S/5, B/8, Z/2). Header values and
/// OCR words go through the same fold, so "D0E" matches "DOE" and "2O23-O4-O5" matches 20230405.
/// </summary>
internal static class OcrText
{
    /// <summary>The folded form of <paramref name="text"/>, letters and digits only.</summary>
    public static string Fold(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            if (char.IsLetterOrDigit(c) || c == '|')
            {
                builder.Append(FoldChar(char.ToUpperInvariant(c)));
            }
        }
        return builder.ToString();
    }

    /// <summary>The parts of <paramref name="text"/> between non-alphanumeric characters ("DOE*JANE" → DOE, JANE).</summary>
    public static IEnumerable<string> Parts(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inWord = i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '|' || char.GetUnicodeCategory(text[i]) == System.Globalization.UnicodeCategory.NonSpacingMark);
            if (inWord && start < 0)
            {
                start = i;
            }
            else if (!inWord && start >= 0)
            {
                yield return text[start..i];
                start = -1;
            }
        }
    }

    private static char FoldChar(char c) => c switch
    {
        'O' or 'Q' => '0',
        'I' or 'L' or '|' => '1',
        'S' => '5',
        'B' => '8',
        'Z' => '2',
        _ => c,
    };
}
