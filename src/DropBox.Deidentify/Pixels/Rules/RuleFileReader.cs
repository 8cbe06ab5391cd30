using System.Globalization;
using System.Text.RegularExpressions;
using DropBox.Deidentify.Pixels.Regions;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// Reads the layout of a rules file, CTP's DicomPixelAnonymizer script layout: every <c>{ condition }</c> block is a
/// rule; every <c>(x,y,width,height)</c> that follows it, up to the next block, is one of its rectangles; all other text
/// is comment. A rule's name is the comment above it: a line starting in column 1 is a heading, an indented line a
/// sub-heading ("GE / Logiq US"); a block with no comment of its own shares the name of the block before it.
/// Every problem is collected, with its place, before the file is given up.
/// </summary>
internal sealed partial class RuleFileReader
{
    private const int MaxNamePart = 60;

    /// <summary>Past this many, more errors help nobody (a wrong file, most likely) and only cost time.</summary>
    private const int MaxErrors = 200;
    private readonly string _text;
    private readonly string _source;
    private readonly LineMap _lines;
    private readonly List<PlacedError> _errors = [];
    private readonly List<PixelRule> _rules = [];
    private string? _heading;
    private string? _subheading;
    private bool _commentSinceLastBlock;
    private string? _lastName;
    private PendingRule? _current;

    private RuleFileReader(string text, string source)
    {
        _text = text;
        _source = source;
        _lines = new LineMap(text);
    }

    public static PixelRuleParseResult Read(string text, string sourceName)
    {
        var reader = new RuleFileReader(text, sourceName);
        reader.ReadAll();
        var errors = reader._errors.OrderBy(e => e.Offset).Select(reader.Place).ToList();
        return new PixelRuleParseResult(errors.Count == 0 ? new PixelRuleSet(reader._rules) : null, errors);
    }

    private PixelRuleError Place(PlacedError error)
    {
        var (line, column) = _lines.Locate(error.Offset);
        return new PixelRuleError(_source, line, column, error.Message);
    }

    private void ReadAll()
    {
        var i = 0;
        while (i < _text.Length)
        {
            if (_errors.Count >= MaxErrors)
            {
                _errors.Add(new PlacedError(i, $"stopped reading after {MaxErrors} errors: fix these and check again"));
                return;
            }
            var c = _text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '{')
            {
                i = ReadBlock(i);
            }
            else if (c == '}')
            {
                _errors.Add(new PlacedError(i, "a '}' with no '{' before it: remove it, or open the block with '{'"));
                i++;
            }
            else if (c == '(')
            {
                i = ReadRegion(i);
            }
            else
            {
                i = ReadComment(i);
            }
        }
        Finish();
    }

    private int ReadBlock(int open)
    {
        Finish();
        var close = _text.IndexOf('}', open + 1);
        var nested = _text.IndexOf('{', open + 1);
        if (nested >= 0 && (close < 0 || nested < close))
        {
            _errors.Add(new PlacedError(open, $"this block is not closed with '}}' before the '{{' at {_lines.Describe(nested)}: close it first"));
            return nested;
        }
        if (close < 0)
        {
            _errors.Add(new PlacedError(open, "this block is never closed: end the condition with '}'"));
            return _text.Length;
        }
        var name = _commentSinceLastBlock || _lastName is null ? ComposeName(open) : _lastName;
        _lastName = name;
        _commentSinceLastBlock = false;
        var condition = ConditionParser.Parse(_text, open + 1, close, _errors, _lines);
        _current = new PendingRule(name, open, condition);
        return close + 1;
    }

    private string ComposeName(int open)
    {
        var parts = new[] { _heading, _subheading }.Where(p => p is not null).ToList();
        return parts.Count > 0 ? string.Join(" / ", parts) : $"rule at line {_lines.Locate(open).Line}";
    }

    private int ReadRegion(int open)
    {
        var close = _text.IndexOf(')', open);
        var lineEnd = _text.IndexOf('\n', open);
        _current?.RegionWritten = true;
        if (close < 0 || (lineEnd >= 0 && lineEnd < close))
        {
            _errors.Add(new PlacedError(open, "a region that is not closed with ')' on its line: write (x,y,width,height)"));
            return lineEnd >= 0 ? lineEnd : _text.Length;
        }
        if (_current is null)
        {
            _errors.Add(new PlacedError(open, "a region before any { condition } block: put each region after the block whose condition chooses it"));
            return close + 1;
        }
        var parts = _text[(open + 1)..close].Split(',');
        var numbers = parts.Select(p => int.TryParse(p.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : (int?)null).ToList();
        if (parts.Length != 4 || numbers.Any(n => n is null))
        {
            _errors.Add(new PlacedError(open, $"'{_text[open..(close + 1)]}' is not a region: write (x,y,width,height), four whole numbers of pixels separated by commas"));
        }
        else if (numbers.Any(n => n < 0 || n > ushort.MaxValue) || numbers[2] == 0 || numbers[3] == 0)
        {
            _errors.Add(new PlacedError(open, $"'{_text[open..(close + 1)]}' is not a usable region: x and y are 0 to 65535, width and height 1 to 65535"));
        }
        else
        {
            _current.Regions.Add(new PixelRegion(numbers[0]!.Value, numbers[1]!.Value, numbers[2]!.Value, numbers[3]!.Value));
        }
        return close + 1;
    }

    private int ReadComment(int start)
    {
        var end = start;
        while (end < _text.Length && _text[end] is not ('\n' or '{' or '}'))
        {
            end++;
        }
        var segment = _text[start..end];
        if (RegionInText().Match(segment) is { Success: true } region)
        {
            _errors.Add(new PlacedError(start + region.Index,
                "a region inside comment text: put regions on their own line (or right after the block's '}'), or reword the comment"));
        }
        var words = segment.Trim().TrimStart('#', '/').Trim();
        if (words.Length > 0 && !words.All(c => c is '*' or '-' or '=' or '_' or '~' or '#' or '/' or ' ' or '\t'))
        {
            var part = words.Length > MaxNamePart ? words[..MaxNamePart].TrimEnd() + "…" : words;
            if (_lines.Locate(start).Column == 1)
            {
                (_heading, _subheading) = (part, null);
            }
            else
            {
                _subheading = part;
            }
            _commentSinceLastBlock = true;
        }
        return end;
    }

    /// <summary>Closes the rule being read: it needs a condition that read and at least one region.</summary>
    private void Finish()
    {
        if (_current is not { } rule)
        {
            return;
        }
        _current = null;
        if (!rule.RegionWritten)
        {
            _errors.Add(new PlacedError(rule.Offset,
                "this block has no region after it: add (x,y,width,height) after the '}' (a rule without regions blanks nothing)"));
        }
        else if (rule.Condition is not null)
        {
            var (line, _) = _lines.Locate(rule.Offset);
            _rules.Add(new PixelRule(rule.Name, _source, line, rule.Condition, rule.Regions));
        }
    }

    [GeneratedRegex(@"\(\s*-?\d+\s*,\s*-?\d+\s*,\s*-?\d+\s*,\s*-?\d+\s*\)", RegexOptions.CultureInvariant)]
    private static partial Regex RegionInText();

    private sealed record PendingRule(string Name, int Offset, PixelCondition? Condition)
    {
        public List<PixelRegion> Regions { get; } = [];

        /// <summary>A region was written after the block, even one with an error (then only that error is reported).</summary>
        public bool RegionWritten { get; set; }
    }
}
