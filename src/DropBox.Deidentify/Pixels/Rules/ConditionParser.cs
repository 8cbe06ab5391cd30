namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// Reads the condition of one block: <c>or := and { + and }</c>, <c>and := not { * not }</c>,
/// <c>not := ! not | ( or ) | true. | false. | attribute . method ( ["text"] )</c>, attribute being a keyword or
/// [gggg,eeee], or several joined by <c>::</c> through sequences. A syntax error ends the block's reading (its first
/// error is the one worth fixing); unknown keywords, methods and patterns are all reported and reading goes on.
/// </summary>
internal sealed partial class ConditionParser
{
    private readonly List<Token> _tokens;
    private readonly List<PlacedError> _errors;
    private readonly LineMap _lines;
    private int _position;
    private int _depth;

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
        var operands = new List<PixelCondition> { ReadAnd() };
        while (Peek.Kind == TokenKind.Or)
        {
            Next();
            operands.Add(ReadAnd());
        }
        return operands.Count == 1 ? operands[0] : new ChainCondition(operands, isAnd: false);
    }

    private PixelCondition ReadAnd()
    {
        var operands = new List<PixelCondition> { ReadNot() };
        while (Peek.Kind == TokenKind.And)
        {
            Next();
            operands.Add(ReadNot());
        }
        return operands.Count == 1 ? operands[0] : new ChainCondition(operands, isAnd: true);
    }

    /// <summary>Parentheses and nots nest by recursion: a bound keeps a runaway file from exhausting the stack.</summary>
    private const int MaxNesting = 64;

    private PixelCondition ReadNot()
    {
        var token = Next();
        if (++_depth > MaxNesting)
        {
            throw Fail(token, $"the condition nests parentheses and nots more than {MaxNesting} deep: write it flatter");
        }
        try
        {
            return ReadNotAt(token);
        }
        finally
        {
            _depth--;
        }
    }

    private PixelCondition ReadNotAt(Token token)
    {
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
