using System.Text;

namespace DropBox.Deidentify.Pixels.Rules;

internal enum TokenKind
{
    Name,
    Tag,
    String,
    Dot,
    DoubleColon,
    LeftParen,
    RightParen,
    And,
    Or,
    Not,
    End,
}

/// <summary>One token of a condition; <see cref="Offset"/> is its place in the whole file, for line and column.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Offset);

/// <summary>A problem at a place in the file (offset), turned into line and column by the file reader.</summary>
internal readonly record struct PlacedError(int Offset, string Message);

/// <summary>
/// Splits the text between <c>{</c> and <c>}</c> into tokens. CTP's symbols (<c>*</c> and, <c>+</c> or, <c>!</c> not)
/// and DropBox's words and C-style symbols (<c>and</c> <c>&amp;</c> <c>&amp;&amp;</c>, <c>or</c> <c>|</c> <c>||</c>,
/// <c>not</c>) mean the same. Strings are in double quotes on one line; <c>\"</c> is a quote and <c>\\</c> a
/// backslash, any other backslash is itself (so "ORIGINAL\PRIMARY" reads as CTP reads it).
/// </summary>
internal static class ConditionTokenizer
{
    public static List<Token> Tokenize(string text, int start, int end, List<PlacedError> errors)
    {
        var tokens = new List<Token>();
        var i = start;
        while (i < end)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (char.IsAsciiLetter(c) || c == '_')
            {
                var from = i;
                while (i < end && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }
                var word = text[from..i];
                tokens.Add(new Token(WordKind(word), word, from));
            }
            else if (c == '[')
            {
                i = ReadTag(text, i, end, tokens, errors);
            }
            else if (c == '(' && IsParenthesisedTag(text, i, end))
            {
                // CTP's DicomAnonymizer writes tags as (gggg,eeee); no grouping can start that way, so it reads as a tag.
                tokens.Add(new Token(TokenKind.Tag, text.Substring(i + 1, 9), i));
                i += 11;
            }
            else if (c == '"')
            {
                i = ReadString(text, i, end, tokens, errors);
            }
            else
            {
                i = ReadSymbol(text, i, end, tokens, errors);
            }
        }
        tokens.Add(new Token(TokenKind.End, "", end));
        return tokens;
    }

    private static TokenKind WordKind(string word) => word.ToUpperInvariant() switch
    {
        "AND" => TokenKind.And,
        "OR" => TokenKind.Or,
        "NOT" => TokenKind.Not,
        _ => TokenKind.Name,
    };

    private static int ReadSymbol(string text, int i, int end, List<Token> tokens, List<PlacedError> errors)
    {
        var c = text[i];
        var next = i + 1 < end ? text[i + 1] : '\0';
        (TokenKind Kind, int Length)? symbol = c switch
        {
            '*' => (TokenKind.And, 1),
            '&' => (TokenKind.And, next == '&' ? 2 : 1),
            '+' => (TokenKind.Or, 1),
            '|' => (TokenKind.Or, next == '|' ? 2 : 1),
            '!' => (TokenKind.Not, 1),
            '.' => (TokenKind.Dot, 1),
            ':' when next == ':' => (TokenKind.DoubleColon, 2),
            '(' => (TokenKind.LeftParen, 1),
            ')' => (TokenKind.RightParen, 1),
            _ => null,
        };
        if (symbol is not { } s)
        {
            errors.Add(new PlacedError(i, c == ':'
                ? "a single ':' — a sequence path joins names with '::', e.g. SequenceOfUltrasoundRegions::RegionLocationMinY0"
                : $"unexpected character '{c}': a condition is made of attribute.method(\"text\") terms joined by * (and), + (or), ! (not) and parentheses"));
            return i + 1;
        }
        tokens.Add(new Token(s.Kind, text.Substring(i, s.Length), i));
        return i + s.Length;
    }

    private static int ReadTag(string text, int i, int end, List<Token> tokens, List<PlacedError> errors)
    {
        var close = text.IndexOf(']', i, end - i);
        var lineEnd = text.IndexOf('\n', i, end - i);
        if (close < 0 || (lineEnd >= 0 && lineEnd < close))
        {
            errors.Add(new PlacedError(i, "a tag that is not closed with ']': write tags as [gggg,eeee], e.g. [0008,0070]"));
            return lineEnd >= 0 ? lineEnd : end;
        }
        var inside = text[(i + 1)..close];
        if (inside.Length == 9 && inside[4] == ',' && inside.Remove(4, 1).All(char.IsAsciiHexDigit))
        {
            tokens.Add(new Token(TokenKind.Tag, inside, i));
        }
        else
        {
            errors.Add(new PlacedError(i, $"'[{inside}]' is not a tag: write all eight hex digits as [gggg,eeee], e.g. [0008,0070]"));
        }
        return close + 1;
    }

    private static bool IsParenthesisedTag(string text, int i, int end) =>
        i + 11 <= end && text[i + 5] == ',' && text[i + 10] == ')'
        && text.AsSpan(i + 1, 4).ContainsAnyExcept(HexDigits) is false && text.AsSpan(i + 6, 4).ContainsAnyExcept(HexDigits) is false;

    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789ABCDEFabcdef");

    private static int ReadString(string text, int i, int end, List<Token> tokens, List<PlacedError> errors)
    {
        var value = new StringBuilder();
        var j = i + 1;
        while (j < end && text[j] != '"' && text[j] != '\n')
        {
            if (text[j] == '\\' && j + 1 < end && text[j + 1] is '"' or '\\')
            {
                j++;
            }
            value.Append(text[j]);
            j++;
        }
        if (j >= end || text[j] != '"')
        {
            errors.Add(new PlacedError(i, "a string that is not closed: end it with \" on the same line"));
            return j;
        }
        tokens.Add(new Token(TokenKind.String, value.ToString(), i));
        return j + 1;
    }
}
