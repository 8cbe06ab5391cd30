using DropBox.Deidentify.Pixels.Rules;
using DropBox.Testing;

namespace DropBox.Deidentify.Tests.Pixels.Rules;

/// <summary>Errors: every one in the file at once, each with its line and column and what to write instead.</summary>
public sealed class RuleErrorTests
{
    private static IReadOnlyList<PixelRuleError> ErrorsOf(string text)
    {
        var result = PixelRuleSet.Parse(text, "site.rules");
        Assert.Null(result.Rules);
        return result.Errors;
    }

    [Fact]
    public void Every_error_in_a_file_is_reported_at_once_with_its_line_and_column()
    {
        var text = string.Join('\n',
            "Vendor A",                                          // 1
            "  { Manufactrer.contains(\"A\") }",                 // 2: unknown keyword, column 5
            "  (0,0,10,10)",                                     // 3
            "Vendor B",                                          // 4
            "  { Manufacturer.Contains(\"B\") }",                // 5: method case, column 18
            "  (0,0,10)",                                        // 6: three numbers, column 3
            "Vendor C",                                          // 7
            "  { Modality.equals(\"US\") * }",                   // 8: missing term, column 29
            "  (0,0,10,10)",                                     // 9
            "Vendor D",                                          // 10
            "  { Modality.equals(\"US\") }",                     // 11: no region follows
            "Vendor E",                                          // 12
            "  { Modality.equals(\"US\")",                       // 13: never closed
            "");

        var errors = ErrorsOf(text);

        Assert.Equal(
            [(2, 5), (5, 18), (6, 3), (8, 29), (11, 3), (13, 3)],
            errors.Select(e => (e.Line, e.Column)));
        Assert.All(errors, e => Assert.Equal("site.rules", e.SourceName));
        Assert.Contains("did you mean 'Manufacturer'", errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("did you mean 'contains'", errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("(x,y,width,height)", errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("found the end of the block", errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("no region after it", errors[4].Message, StringComparison.Ordinal);
        Assert.Contains("never closed", errors[5].Message, StringComparison.Ordinal);
        Assert.Equal("site.rules:2:5: " + errors[0].Message, errors[0].ToString());
    }

    [Theory]
    [InlineData("x\n{ [0008,070].contains(\"A\") }\n(0,0,1,1)", 2, 3, "is not a tag")]
    [InlineData("x\n{ [0008,0070.contains(\"A\") }\n(0,0,1,1)", 2, 3, "not closed with ']'")]
    [InlineData("x\n{ Modality.equals(\"US) }\n(0,0,1,1)", 2, 19, "string that is not closed")]
    [InlineData("x\n{ Modality.equals(US) }\n(0,0,1,1)", 2, 19, "expected a \"text\" argument")]
    [InlineData("x\n{ Modality.equals(\"US\" }\n(0,0,1,1)", 2, 24, "expected ')'")]
    [InlineData("x\n{ Modality.bogus(\"US\") }\n(0,0,1,1)", 2, 12, "unknown method 'bogus'")]
    [InlineData("x\n{ Modality(\"US\") }\n(0,0,1,1)", 2, 11, "expected '.' and a method")]
    [InlineData("x\n{ Modality.isBlank(\"US\") }\n(0,0,1,1)", 2, 20, "takes no argument")]
    [InlineData("x\n{ (Modality.equals(\"US\") }\n(0,0,1,1)", 2, 26, "to close the '(' at line 2, column 3")]
    [InlineData("x\n{ Modality.equals(\"US\") ; }\n(0,0,1,1)", 2, 25, "unexpected character ';'")]
    [InlineData("x\n{ Modality:Rows.equals(\"US\") }\n(0,0,1,1)", 2, 11, "'::'")]
    [InlineData("x\n{ Manufacturer::Rows.equals(\"1\") }\n(0,0,1,1)", 2, 3, "not a sequence")]
    [InlineData("x\n{ Modality.matches(\"(a)\\\\1\") }\n(0,0,1,1)", 2, 20, "not a regular expression")]
    [InlineData("x\n{ }\n(0,0,1,1)", 2, 1, "an empty block")]
    [InlineData("x\n{ modality.equals(\"US\") }\n(0,0,1,1)", 2, 3, "did you mean 'Modality'")]
    [InlineData("(0,0,1,1)\nx\n{ Modality.equals(\"US\") }\n(0,0,1,1)", 1, 1, "a region before any")]
    [InlineData("x\n{ Modality.equals(\"US\") }\n(0,0,0,10)", 3, 1, "not a usable region")]
    [InlineData("x\n{ Modality.equals(\"US\") }\n(0,-1,10,10)", 3, 1, "not a usable region")]
    [InlineData("x\n{ Modality.equals(\"US\") }\n(0,0,10,10\n", 3, 1, "not closed with ')'")]
    [InlineData("x\n{ Modality.equals(\"US\") }\n(0,0,1,1)\nsee (0,0,2,2) below", 4, 5, "a region inside comment text")]
    [InlineData("x\n{ Modality.equals(\"US\")\n{ Rows.equals(\"1\") }\n(0,0,1,1)", 2, 1, "before the '{' at line 3, column 1")]
    [InlineData("x\n{ Modality.equals(\"US\") } }\n(0,0,1,1)", 2, 27, "a '}' with no '{'")]
    public void Each_mistake_is_named_at_its_place_with_what_to_write(string text, int line, int column, string says)
    {
        var error = Assert.Single(ErrorsOf(text));

        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Contains(says, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_condition_nested_beyond_the_bound_is_an_error_not_a_crash()
    {
        var deep = new string('(', 100_000) + "Modality.equals(\"US\")" + new string(')', 100_000);

        var error = Assert.Single(ErrorsOf($"x\n{{ {deep} }}\n(0,0,1,1)\n"));

        Assert.Equal((2, 67), (error.Line, error.Column));
        Assert.Contains("more than 64 deep", error.Message, StringComparison.Ordinal);
        Assert.Single(ErrorsOf($"x\n{{ {new string('!', 100_000)}Modality.equals(\"US\") }}\n(0,0,1,1)\n"));
    }

    [Fact]
    public void A_very_long_chain_of_terms_reads_matches_and_renders_without_deep_recursion()
    {
        var chain = string.Join(" + ", Enumerable.Repeat("Modality.equals(\"CT\")", 30_000)) + " + Modality.equals(\"US\")";
        var rules = RuleHeaders.ParseRules($"x\n{{ {chain} }}\n(0,0,1,1)\n");

        Assert.Single(rules.Match(RuleHeaders.Header(("Modality", "US"))).Regions);
        Assert.Single(RuleHeaders.ParseRules(rules.Render()).Rules);
    }

    [Fact]
    public void Reading_stops_after_two_hundred_errors_and_says_so()
    {
        var text = string.Concat(Enumerable.Repeat("x\n{ Bogus.equals(\"1\") }\n(0,0,1,1)\n", 1000));

        var errors = ErrorsOf(text);

        Assert.Equal(201, errors.Count);
        Assert.Contains("stopped reading after 200 errors", errors[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFile_throws_an_exception_listing_every_error_and_CheckFile_returns_them()
    {
        using var tmp = new TempDir();
        var path = tmp.WriteFile("bad.rules", "a\n{ Bogus.equals(\"1\") }\n(0,0,1,1)\nb\n{ Rows.equals(\"1\") }\n(1,2,3)\n");

        var thrown = Assert.Throws<PixelRuleFileException>(() => PixelRuleSet.LoadFile(path));

        Assert.Equal(2, thrown.Errors.Count);
        Assert.Contains($"{path}:2:3: unknown keyword 'Bogus'", thrown.Message, StringComparison.Ordinal);
        Assert.Contains($"{path}:6:1: '(1,2,3)' is not a region", thrown.Message, StringComparison.Ordinal);
        Assert.Equal(thrown.Errors, PixelRuleSet.CheckFile(path));
    }

    [Fact]
    public void CheckFile_of_a_missing_file_says_so_without_throwing()
    {
        using var tmp = new TempDir();

        var error = Assert.Single(PixelRuleSet.CheckFile(tmp.Combine("absent.rules")));

        Assert.Equal(0, error.Line);
        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_good_file_checks_with_no_errors_and_loads()
    {
        using var tmp = new TempDir();
        var path = tmp.WriteFile("good.rules", "a\n{ Rows.equals(\"1\") }\n(0,0,1,1)\n");

        Assert.Empty(PixelRuleSet.CheckFile(path));
        Assert.Single(PixelRuleSet.LoadFile(path).Rules);
    }
}
