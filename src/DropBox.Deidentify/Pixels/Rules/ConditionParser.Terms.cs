using System.Globalization;
using System.Text.RegularExpressions;
using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>The terms: <c>attribute.method("argument")</c>, with the attribute's keywords and tags resolved.</summary>
internal sealed partial class ConditionParser
{
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
}
