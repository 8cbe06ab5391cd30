using System.Buffers.Binary;
using System.Globalization;
using DropBox.Deidentify.Pseudonyms;

namespace DropBox.Deidentify.Derivation;

/// <summary>
/// Shifts the dates of one patient by one offset (Retain Longitudinal Temporal Information with Modified Dates):
/// intervals between a patient's dates survive, the calendar dates do not. The offset comes from
/// HMAC(secret, patient key), so it is the same for every file, upload and process, and in
/// [-MaxDays, -1] ∪ [1, MaxDays] (never 0, which would leave the dates as they were).
/// Times (TM) are not shifted: shifting whole days keeps them valid. Ages (AS) are intervals and stay as they are.
/// </summary>
public sealed class DateShifter
{
    private readonly ProjectSecret _secret;
    private readonly int _maxDays;

    public DateShifter(ProjectSecret secret, int maxDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDays, 1);
        _secret = secret;
        _maxDays = maxDays;
    }

    /// <summary>The offset in days for a patient (see <see cref="PatientKey"/>).</summary>
    public int OffsetDays(string patientKey)
    {
        var mac = _secret.Hmac("date-shift", patientKey);
        var n = (int)(BinaryPrimitives.ReadUInt32BigEndian(mac) % (uint)(2 * _maxDays));
        // 0..max-1 → -max..-1 ; max..2max-1 → 1..max
        return n < _maxDays ? n - _maxDays : n - _maxDays + 1;
    }

    /// <summary>Shifts a DA value (possibly multi-valued, or the old "YYYY.MM.DD" form); null when a part cannot be read (the caller removes it).</summary>
    public static string? ShiftDate(string value, int days) => ShiftEach(value, v => ShiftOneDate(v, days));

    /// <summary>Shifts a DT value keeping its time and its "&amp;ZZXX" UTC offset; null when unreadable or coarser than a day.</summary>
    public static string? ShiftDateTime(string value, int days) => ShiftEach(value, v => ShiftOneDateTime(v, days));

    private static string? ShiftEach(string value, Func<string, string?> shift)
    {
        var parts = value.Trim('\0', ' ').Split('\\');
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].Trim();
            if (part.Length == 0)
            {
                continue;
            }
            var shifted = shift(part);
            if (shifted is null)
            {
                return null;
            }
            parts[i] = shifted;
        }
        return string.Join('\\', parts);
    }

    private static string? ShiftOneDate(string value, int days)
    {
        var digits = value.Replace(".", "", StringComparison.Ordinal);
        return digits.Length == 8 && DateOnly.TryParseExact(digits, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.AddDays(days).ToString("yyyyMMdd", CultureInfo.InvariantCulture)
            : null;
    }

    private static string? ShiftOneDateTime(string value, int days)
    {
        if (value.Length < 8)
        {
            return null; // year or year-month only: a day shift cannot be expressed; remove rather than keep
        }
        var date = ShiftOneDate(value[..8], days);
        return date is null ? null : date + value[8..];
    }
}
