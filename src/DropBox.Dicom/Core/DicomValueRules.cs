namespace DropBox.Dicom;

/// <summary>
/// Whether a value's bytes fit its VR (PS3.5 §6.2, Table 6.2-1): character repertoire, maximum length, control
/// characters, and for binary VRs a length that is a whole number of values and fits the attribute's VM. The
/// de-identifier asks this of every value it keeps verbatim: a value that does not fit is the mark of a broken
/// file (a length that swallowed the next elements, a tag moved by a flipped bit), and what such a value holds
/// is unknown. Problems are described by VR, length and character code only, never by the value.
/// <para>
/// Lengths allow a small overrun (a quarter of the maximum, at least two characters) because real devices write
/// a DS of 17 characters or a CS of 18; a swallowed element header or a moved name is far beyond that, and
/// carries bytes no text VR allows.
/// </para>
/// </summary>
public static class DicomValueRules
{
    /// <summary>Null when the value fits <paramref name="vr"/>; otherwise what is wrong (PHI-free).</summary>
    /// <param name="bytes">The value, or empty with <paramref name="length"/> for a value not in memory (length checks only).</param>
    /// <param name="length">The value's length in bytes.</param>
    /// <param name="vm">The attribute's value multiplicity from the dictionary ("1", "1-n", "2-2n"…), or null when unknown.</param>
    public static DicomValueProblem? Check(DicomVR vr, ReadOnlySpan<byte> bytes, long length, string? vm = null)
    {
        if (!vr.IsKnown || vr == DicomVR.UN || vr == DicomVR.SQ || vr == DicomVR.OB)
        {
            return null;
        }
        if (!vr.IsString)
        {
            return CheckBinary(vr, length, vm);
        }
        var max = MaxCharacters(vr);
        if (bytes.IsEmpty)
        {
            // Not in memory: only the length can be judged. Values over 64 KiB in a VR whose values are short.
            return max > 0 && length > Limit(vr, max) * 4L
                ? new DicomValueProblem($"length {length} is far beyond the {max} characters a {vr} value may hold", Structural: true)
                : null;
        }
        return CheckText(vr, TrimPadding(bytes), max);
    }

    private static DicomValueProblem? CheckBinary(DicomVR vr, long length, string? vm)
    {
        var size = vr.ElementSize;
        if (length % size != 0)
        {
            return new($"length {length} is not a whole number of {size}-byte {vr} values", Structural: false);
        }
        if (vr == DicomVR.OW || vr == DicomVR.OF || vr == DicomVR.OD || vr == DicomVR.OL || vr == DicomVR.OV)
        {
            return null; // "other" VRs hold one value of any length
        }
        var count = length / size;
        return MaxMultiplicity(vm) is { } most && count > most
            ? new($"{count} {vr} values where the attribute holds at most {most}", Structural: false)
            : null;
    }

    private static DicomValueProblem? CheckText(DicomVR vr, ReadOnlySpan<byte> value, int max)
    {
        var start = 0;
        for (var i = 0; i <= value.Length; i++)
        {
            if (i < value.Length && !(value[i] == (byte)'\\' && SplitsOnBackslash(vr)))
            {
                if (Forbidden(vr, value[i]) is { } problem)
                {
                    return problem;
                }
                continue;
            }
            var part = value[start..i];
            if ((vr == DicomVR.DS || vr == DicomVR.IS) && !IsNumber(part.Trim((byte)' '), decimalAllowed: vr == DicomVR.DS))
            {
                return new($"a {vr} value that is no number", Structural: false);
            }
            if (max > 0 && Characters(part) > Limit(vr, max))
            {
                // Twice the limit is no real-world overrun: a length that grew over the elements after it.
                return new($"a value of {Characters(part)} characters is longer than the {max} a {vr} value may hold",
                    Structural: Characters(part) > 2 * Limit(vr, max));
            }
            start = i + 1;
        }
        return null;
    }

    /// <summary>
    /// A byte the VR's repertoire does not allow, described by its code; null when allowed. A control character is
    /// structural: no device writes one into a text value, but every element header a length swallowed holds some.
    /// </summary>
    private static DicomValueProblem? Forbidden(DicomVR vr, byte b)
    {
        var allowed = vr.UsesSpecificCharacterSet ? AllowedInText(vr, b) : AllowedInAsciiVR(vr, b);
        return allowed ? null : new($"character code 0x{b:X2} is not allowed in a {vr} value", Structural: b < 0x20 || b == 0x7F);
    }

    private static bool AllowedInText(DicomVR vr, byte b)
    {
        if (b >= 0x20 || b == 0x1B)
        {
            return true; // printable, or an ISO 2022 escape
        }
        // Free text may hold line and page breaks and tabs; names and short strings may not.
        return (vr == DicomVR.LT || vr == DicomVR.ST || vr == DicomVR.UT) && b is 0x09 or 0x0A or 0x0C or 0x0D;
    }

    private static bool AllowedInAsciiVR(DicomVR vr, byte b)
    {
        if (b == (byte)' ')
        {
            return true;
        }
        var digit = b is >= (byte)'0' and <= (byte)'9';
        var upper = b is >= (byte)'A' and <= (byte)'Z';
        // Code strings: PS3.5's upper case, digits, space and underscore, and what real devices write besides (lower
        // case, "ABDOM/RAD", "MPR-THICK", "1.5T"); a name's caret, comma or apostrophe stays refused.
        if (vr == DicomVR.CS) return digit || upper || b is (byte)'_' or (byte)'-' or (byte)'.' or (byte)'+' or (byte)'/' || b is >= (byte)'a' and <= (byte)'z';
        if (vr == DicomVR.DS) return digit || b is (byte)'+' or (byte)'-' or (byte)'.' or (byte)'e' or (byte)'E';
        if (vr == DicomVR.IS) return digit || b is (byte)'+' or (byte)'-';
        if (vr == DicomVR.DA) return digit || b is (byte)'.' or (byte)'-'; // ACR-NEMA "yyyy.mm.dd"; ranges
        if (vr == DicomVR.TM) return digit || b is (byte)'.' or (byte)':' or (byte)'-'; // ACR-NEMA "hh:mm:ss"; ranges
        if (vr == DicomVR.DT) return digit || b is (byte)'.' or (byte)'+' or (byte)'-';
        if (vr == DicomVR.UI) return digit || b is (byte)'.';
        if (vr == DicomVR.AS) return digit || b is (byte)'D' or (byte)'W' or (byte)'M' or (byte)'Y';
        // A URI (RFC 3986) holds no backslash, quote, angle or curly bracket, bar, caret or backtick.
        if (vr == DicomVR.UR) return b is > 0x20 and < 0x7F && b is not ((byte)'\\' or (byte)'"' or (byte)'<' or (byte)'>' or (byte)'{' or (byte)'}' or (byte)'|' or (byte)'^' or (byte)'`');
        // AE: the default repertoire without control characters.
        return b is > 0x20 and < 0x7F;
    }

    private static bool SplitsOnBackslash(DicomVR vr) => vr != DicomVR.LT && vr != DicomVR.ST && vr != DicomVR.UT && vr != DicomVR.UR;

    /// <summary>Characters, counting a UTF-8/GB18030/ISO 2022 multi-byte character as one (approximately: bytes ≥ 0x80 count half).</summary>
    private static int Characters(ReadOnlySpan<byte> part)
    {
        var ascii = 0;
        var high = 0;
        foreach (var b in part)
        {
            if (b < 0x80) ascii++;
            else high++;
        }
        return ascii + ((high + 1) / 2);
    }

    /// <summary>PS3.5 Table 6.2-1 maximum length in characters (0 = no limit that matters here).</summary>
    private static int MaxCharacters(DicomVR vr)
    {
        if (vr == DicomVR.AE || vr == DicomVR.CS || vr == DicomVR.DS || vr == DicomVR.SH) return 16;
        if (vr == DicomVR.AS) return 4;
        if (vr == DicomVR.DA) return 10; // 8, or 10 in the ACR-NEMA form
        if (vr == DicomVR.DT) return 26;
        if (vr == DicomVR.IS) return 12;
        if (vr == DicomVR.TM) return 16; // 14, or the ACR-NEMA form with colons
        if (vr == DicomVR.LO || vr == DicomVR.UI) return 64;
        if (vr == DicomVR.PN) return 64 * 3 + 2; // three component groups of 64
        if (vr == DicomVR.ST) return 1024;
        if (vr == DicomVR.LT) return 10240;
        return 0;
    }

    /// <summary>PS3.5's DS ("[+-]digits[.digits][E[+-]digits]") and IS ("[+-]digits"); an empty value is fine.</summary>
    private static bool IsNumber(ReadOnlySpan<byte> text, bool decimalAllowed)
    {
        if (text.IsEmpty)
        {
            return true;
        }
        var i = text[0] is (byte)'+' or (byte)'-' ? 1 : 0;
        var digits = 0;
        while (i < text.Length && IsDigit(text[i])) { i++; digits++; }
        if (decimalAllowed && i < text.Length && text[i] == (byte)'.')
        {
            i++;
            while (i < text.Length && IsDigit(text[i])) { i++; digits++; }
        }
        if (digits == 0)
        {
            return false;
        }
        if (decimalAllowed && i < text.Length && text[i] is (byte)'e' or (byte)'E')
        {
            i++;
            i += i < text.Length && text[i] is (byte)'+' or (byte)'-' ? 1 : 0;
            var exponent = 0;
            while (i < text.Length && IsDigit(text[i])) { i++; exponent++; }
            if (exponent == 0)
            {
                return false;
            }
        }
        return i == text.Length;
    }

    private static bool IsDigit(byte b) => b is >= (byte)'0' and <= (byte)'9';

    /// <summary>The maximum plus the tolerated overrun; none for UIDs, which every strict reader refuses past 64.</summary>
    private static int Limit(DicomVR vr, int max) => vr == DicomVR.UI ? max : max + Math.Max(2, max / 4);

    private static ReadOnlySpan<byte> TrimPadding(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.Length;
        while (end > 0 && bytes[end - 1] is 0 or (byte)' ')
        {
            end--;
        }
        return bytes[..end];
    }

    /// <summary>The largest number of values a VM allows, or null for "n" (no limit) and for an unknown VM.</summary>
    private static int? MaxMultiplicity(string? vm)
    {
        if (string.IsNullOrEmpty(vm) || vm.Contains('n', StringComparison.Ordinal))
        {
            return null;
        }
        var dash = vm.LastIndexOf('-');
        return int.TryParse(dash < 0 ? vm : vm[(dash + 1)..], System.Globalization.NumberStyles.None, null, out var most) ? most : null;
    }
}

/// <summary>Why a value does not fit its VR (PHI-free).</summary>
/// <param name="Structural">
/// True for what only a broken structure explains (control characters in text, a length far past the maximum):
/// the element's neighbours may be damaged too. False for the overruns and stray characters real devices write.
/// </param>
public readonly record struct DicomValueProblem(string Message, bool Structural)
{
    public override string ToString() => Message;
}
