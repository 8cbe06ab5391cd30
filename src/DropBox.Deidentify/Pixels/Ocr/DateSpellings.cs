using System.Globalization;

namespace DropBox.Deidentify.Pixels.Ocr;

/// <summary>
/// The ways a device prints a date on screen. Separators are dropped by <see cref="OcrText.Fold"/>, so the
/// spellings differ only in the order and width of their parts: 2023-04-05, 2023/04/05 and 20230405 are one
/// spelling; 05/04/2023, 05.04.2023 and 05-04-2023 another (day first); 04/05/2023 (month first); 5-Apr-2023,
/// 05APR2023; Apr 05 2023 read as one word; two-digit years (05/04/23) and unpadded days and months (5/4/2023).
/// </summary>
internal static class DateSpellings
{
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    /// <summary>A DA value ("YYYYMMDD", also the old "YYYY.MM.DD") or the date part of a DT; null if not a date.</summary>
    public static DateOnly? Parse(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var digits = new string(value.Trim().TakeWhile(c => char.IsAsciiDigit(c) || c is '.' or '-').Where(char.IsAsciiDigit).ToArray());
        return digits.Length >= 8 && DateOnly.TryParseExact(digits[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date : null;
    }

    /// <summary>Every spelling of <paramref name="date"/>, unfolded (the caller folds).</summary>
    public static IEnumerable<string> Of(DateOnly date)
    {
        var yyyy = date.Year.ToString("D4", CultureInfo.InvariantCulture);
        var yy = (date.Year % 100).ToString("D2", CultureInfo.InvariantCulture);
        var mon = Months[date.Month - 1];
        string[] days = [date.Day.ToString("D2", CultureInfo.InvariantCulture), date.Day.ToString(CultureInfo.InvariantCulture)];
        string[] months = [date.Month.ToString("D2", CultureInfo.InvariantCulture), date.Month.ToString(CultureInfo.InvariantCulture)];
        yield return $"{yyyy}{months[0]}{days[0]}";
        yield return $"{yy}{months[0]}{days[0]}";
        foreach (var dd in days.Distinct())
        {
            yield return $"{dd}{mon}{yyyy}";
            yield return $"{mon}{dd}{yyyy}";
            yield return $"{dd}{mon}{yy}";
            foreach (var mm in months.Distinct())
            {
                yield return $"{dd}{mm}{yyyy}";
                yield return $"{mm}{dd}{yyyy}";
                yield return $"{dd}{mm}{yy}";
                yield return $"{mm}{dd}{yy}";
            }
        }
    }
}
