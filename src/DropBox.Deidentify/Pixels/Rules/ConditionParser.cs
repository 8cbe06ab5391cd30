using System.Globalization;
using System.Text.RegularExpressions;
using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// Reads the condition of one block: <c>or := and { + and }</c>, <c>and := not { * not }</c>,
/// <c>not := ! not | ( or ) | true. | false. | attribute . method ( ["text"] )</c>, attribute being a keyword or
/// [gggg,eeee], or several joined by <c>::</c> through sequences. A syntax error ends the block's reading (its first
/// error is the one worth fixing); unknown keywords, methods and patterns are all reported and reading goes on.
/// </summary>
internal sealed class ConditionParser
{
    private readonly List<Token> _tokens;
    private readonly List<PlacedError> _errors;
    private readonly LineMap _lines;
    private int _position;

    private ConditionParser(List<Token> tokens, List<PlacedError> errors, LineMap lines)
    {
        _tokens = tokens;
        _errors = errors;
        _lines = lines;
    }

    /// <summary>The condition between <paramref name="start"/> and <paramref name="end"/>, or null after adding its errors.</summary>
    public static PixelCondition? Parse(string text, int start, int end, List<PlacedError> errors, LineMap lines)
    {
        var before = errors.Count;
        var tokens = ConditionTokenizer.Tokenize(text, start, end, errors);
        if (errors.Count > before)
        {
            return null;
        }
        if (tokens[0].Kind == TokenKind.End)
        {
            errors.Add(new PlacedError(start - 1, "an empty block: write a condition between { and }, e.g. { Modality.equals(\"US\") }"));
            return null;
        }
        var parser = new ConditionParser(tokens, errors, lines);
        try
        {
            var condition = parser.ReadOr();
            if (parser.Peek.Kind != TokenKind.End)
            {
                throw Fail(parser.Peek, $"expected * (and), + (or) or the end of the block, found {Describe(parser.Peek)}");
            }
            return errors.Count > before ? null : condition;
        }
        catch (SyntaxFailure failure)
        {
            errors.Add(failure.Error);
            return null;
        }
    }

    private Token Peek => _tokens[_position];

    private Token Next() => _tokens[_position++];

    private PixelCondition ReadOr()
    {
        var left = ReadAnd();
        while (Peek.Kind == TokenKind.Or)
        {
            Next();
            left = new AnyOfCondition(left, ReadAnd());
        }
        return left;
    }

    private PixelCondition ReadAnd()
    {
        var left = ReadNot();
        while (Peek.Kind == TokenKind.And)
        {
            Next();
            left = new AllOfCondition(left, ReadNot());
        }
        return left;
    }

    private PixelCondition ReadNot()
    {
        var token = Next();
        switch (token.Kind)
        {
            case TokenKind.Not:
                return new NotCondition(ReadNot());
            case TokenKind.LeftParen:
                var inner = ReadOr();
                if (Peek.Kind != TokenKind.RightParen)
                {
                    throw Fail(Peek, $"expected ')' to close the '(' at {Where(token)}, found {Describe(Peek)}");
                }
                Next();
                return inner;
            case TokenKind.Name when token.Text is "true" or "false" && Peek.Kind == TokenKind.Dot
                                     && _tokens[_position + 1].Kind != TokenKind.Name:
                Next();
                return new ConstantCondition(token.Text == "true");
            case TokenKind.Name or TokenKind.Tag:
                return ReadTest(token);
            default:
                throw Fail(token, $"expected a term such as Modality.equals(\"US\") or [0008,0070].contains(\"GE\"), found {Describe(token)}");
        }
    }

    private PixelCondition ReadTest(Token first)
    {
        var steps = new List<Token> { first };
        while (Peek.Kind == TokenKind.DoubleColon)
        {
            Next();
            var step = Next();
            if (step.Kind is not (TokenKind.Name or TokenKind.Tag))
            {
                throw Fail(step, $"expected a keyword or [gggg,eeee] after '::', found {Describe(step)}");
            }
            steps.Add(step);
        }
        var names = steps.Select(s => s.Kind == TokenKind.Tag ? $"[{s.Text}]" : s.Text).ToList();
        if (Peek.Kind != TokenKind.Dot)
        {
            throw Fail(Peek, $"expected '.' and a method after {names[^1]}, e.g. {names[^1]}.contains(\"text\"), found {Describe(Peek)}");
        }
        Next();
        var methodToken = Next();
        if (methodToken.Kind != TokenKind.Name)
        {
            throw Fail(methodToken, $"expected a method name after '.', found {Describe(methodToken)}");
        }
        var methodKnown = TestMethods.TryParse(methodToken.Text, out var method);
        if (!methodKnown)
        {
            _errors.Add(new PlacedError(methodToken.Offset, UnknownMethod(methodToken.Text)));
        }
        var open = Next();
        if (open.Kind != TokenKind.LeftParen)
        {
            throw Fail(open, $"expected '(' after {methodToken.Text}, found {Describe(open)}");
        }
        var argument = string.Empty;
        var argumentAt = Peek;
        if (Peek.Kind == TokenKind.String)
        {
            var argumentToken = Next();
            argument = argumentToken.Text;
            if (methodKnown && !TestMethods.TakesArgument(method))
            {
                _errors.Add(new PlacedError(argumentToken.Offset, $"{methodToken.Text} takes no argument: write {names[^1]}.{methodToken.Text}()"));
            }
        }
        else if (methodKnown && TestMethods.TakesArgument(method))
        {
            throw Fail(Peek, $"expected a \"text\" argument for {methodToken.Text}, found {Describe(Peek)}");
        }
        if (Peek.Kind != TokenKind.RightParen)
        {
            throw Fail(Peek, $"expected ')' after the argument of {methodToken.Text}, found {Describe(Peek)}");
        }
        Next();
        var path = ResolvePath(steps);
        var pattern = methodKnown && method is TestMethod.Matches or TestMethod.MatchesIgnoreCase ? Compile(argument, method, argumentAt) : null;
        return new AttributeTest(new AttributeReference(path, names), method, argument, pattern);
    }

    private List<DicomTag> ResolvePath(List<Token> steps)
    {
        var path = new List<DicomTag>(steps.Count);
        for (var i = 0; i < steps.Count; i++)
        {
            var tag = Resolve(steps[i]);
            if (i < steps.Count - 1 && tag is { } t && !t.IsPrivate && DicomDictionary.Lookup(t)?.VR != DicomVR.SQ)
            {
                _errors.Add(new PlacedError(steps[i].Offset, $"{steps[i].Text} is not a sequence: only a sequence can be followed by '::'"));
            }
            path.Add(tag ?? default);
        }
        return path;
    }

    private DicomTag? Resolve(Token step)
    {
        if (step.Kind == TokenKind.Tag)
        {
            return new DicomTag(uint.Parse(step.Text.Remove(4, 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }
        if (DicomDictionary.TryGetByKeyword(step.Text, out var entry))
        {
            return entry.Tag;
        }
        _errors.Add(new PlacedError(step.Offset, KeywordSuggestions.UnknownKeyword(step.Text)));
        return null;
    }

    private Regex? Compile(string argument, TestMethod method, Token at)
    {
        // Whole-value matching as Java's String.matches; no backtracking, so no value can make a match run long.
        var options = RegexOptions.NonBacktracking | RegexOptions.CultureInvariant
            | (method == TestMethod.MatchesIgnoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        try
        {
            return new Regex($"^(?:{argument})$", options);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            _errors.Add(new PlacedError(at.Offset, $"the pattern is not a regular expression this reader accepts (no back-references or look-arounds): {ex.GetType().Name}"));
            return null;
        }
    }

    private static string UnknownMethod(string name) =>
        TestMethods.CaseVariantOf(name) is { } variant
            ? $"unknown method '{name}': did you mean '{variant}'? (method names are case-sensitive)"
            : $"unknown method '{name}': use one of {string.Join(", ", TestMethods.Names)}";

    private static string Describe(Token token) => token.Kind switch
    {
        TokenKind.End => "the end of the block",
        TokenKind.String => "a string",
        TokenKind.Tag => $"[{token.Text}]",
        _ => $"'{token.Text}'",
    };

    private string Where(Token token) => _lines.Describe(token.Offset);

    private static SyntaxFailure Fail(Token at, string message) => new(new PlacedError(at.Offset, message));

    private sealed class SyntaxFailure(PlacedError error) : Exception(error.Message)
    {
        public PlacedError Error { get; } = error;
    }
}
