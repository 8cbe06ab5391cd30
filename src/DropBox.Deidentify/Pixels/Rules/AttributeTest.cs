using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// One term: <c>attribute.method("argument")</c>. An absent element reads as an empty string (as in CTP). A
/// multi-valued element (ImageType) matches when its whole value (values joined by backslashes, CTP's view) or any one
/// value does; an element reached through several sequence items matches when any of them does. Equality compares
/// numbers as numbers when the element's VR holds numbers and both sides read as numbers ("480" equals "0480").
/// </summary>
internal sealed class AttributeTest(AttributeReference attribute, TestMethod method, string argument, Regex? pattern) : PixelCondition
{
    protected override int Precedence => 3;

    public override bool Evaluate(HeaderValues header)
    {
        var found = header.Find(attribute);
        switch (method)
        {
            case TestMethod.IsPresent:
                return found.Count > 0;
            case TestMethod.IsBlank:
                return found.Count == 0 || found.All(f => string.IsNullOrWhiteSpace(f.Whole.Replace('\\', ' ').Replace('\0', ' ')));
        }
        if (found.Count == 0)
        {
            return Test(FoundValue.Absent.Whole, isNumeric: false);
        }
        return found.Any(f => Test(f.Whole, f.IsNumeric) || (f.Values.Count > 1 && f.Values.Any(v => Test(v, f.IsNumeric))));
    }

    private bool Test(string value, bool isNumeric) => method switch
    {
        TestMethod.Equals => NumbersEqual(value, isNumeric) ?? string.Equals(value, argument, StringComparison.Ordinal),
        TestMethod.EqualsIgnoreCase => NumbersEqual(value, isNumeric) ?? string.Equals(value, argument, StringComparison.OrdinalIgnoreCase),
        TestMethod.Contains => value.Contains(argument, StringComparison.Ordinal),
        TestMethod.ContainsIgnoreCase => value.Contains(argument, StringComparison.OrdinalIgnoreCase),
        TestMethod.StartsWith => value.StartsWith(argument, StringComparison.Ordinal),
        TestMethod.StartsWithIgnoreCase => value.StartsWith(argument, StringComparison.OrdinalIgnoreCase),
        TestMethod.EndsWith => value.EndsWith(argument, StringComparison.Ordinal),
        TestMethod.EndsWithIgnoreCase => value.EndsWith(argument, StringComparison.OrdinalIgnoreCase),
        TestMethod.Matches or TestMethod.MatchesIgnoreCase => pattern!.IsMatch(value),
        TestMethod.IsLessThan => Compare(value) is < 0,
        TestMethod.IsGreaterThan => Compare(value) is > 0,
        _ => false,
    };

    private bool? NumbersEqual(string value, bool isNumeric) =>
        isNumeric && TryNumber(value, out var a) && TryNumber(argument, out var b) ? a == b : null;

    /// <summary>
    /// CTP compares numerically after dropping every character but digits and the point; a value that already reads
    /// as a number (a negative DS, an exponent) is read as it is first, so "-5" stays below "3".
    /// </summary>
    private int? Compare(string value) =>
        ReadNumber(value) is { } a && ReadNumber(argument) is { } b ? a.CompareTo(b) : null;

    private static double? ReadNumber(string text)
    {
        if (TryNumber(text, out var n))
        {
            return n;
        }
        var digits = new string(text.Where(c => char.IsAsciiDigit(c) || c == '.').ToArray());
        return TryNumber(digits, out n) ? n : null;
    }

    private static bool TryNumber(string text, out double number) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out number);

    public override void Write(StringBuilder text)
    {
        text.Append(attribute.Text).Append('.').Append(TestMethods.NameOf(method)).Append('(');
        if (TestMethods.TakesArgument(method))
        {
            text.Append('"').Append(Quote(argument)).Append('"');
        }
        text.Append(')');
    }

    /// <summary>
    /// Escapes what the reader would take as an escape: a quote, and a backslash before a quote, a backslash or the end.
    /// Any other backslash (the value separator in "ORIGINAL\PRIMARY") is written as it is, as CTP files write it.
    /// </summary>
    internal static string Quote(string value)
    {
        var text = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var escape = c == '"' || (c == '\\' && (i + 1 == value.Length || value[i + 1] is '"' or '\\'));
            text.Append(escape ? "\\" : "").Append(c);
        }
        return text.ToString();
    }
}
