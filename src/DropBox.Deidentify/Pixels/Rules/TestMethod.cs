namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>The tests an attribute can be put to: CTP's methods (same names, same meaning) and DropBox's additions.</summary>
internal enum TestMethod
{
    Equals,
    EqualsIgnoreCase,
    Contains,
    ContainsIgnoreCase,
    StartsWith,
    StartsWithIgnoreCase,
    EndsWith,
    EndsWithIgnoreCase,
    Matches,
    MatchesIgnoreCase,
    IsLessThan,
    IsGreaterThan,
    IsBlank,
    IsPresent,
}

internal static class TestMethods
{
    private static readonly Dictionary<string, TestMethod> ByName = new(StringComparer.Ordinal)
    {
        ["equals"] = TestMethod.Equals,
        ["equalsIgnoreCase"] = TestMethod.EqualsIgnoreCase,
        ["contains"] = TestMethod.Contains,
        ["containsIgnoreCase"] = TestMethod.ContainsIgnoreCase,
        ["startsWith"] = TestMethod.StartsWith,
        ["startsWithIgnoreCase"] = TestMethod.StartsWithIgnoreCase,
        ["endsWith"] = TestMethod.EndsWith,
        ["endsWithIgnoreCase"] = TestMethod.EndsWithIgnoreCase,
        ["matches"] = TestMethod.Matches,
        ["matchesIgnoreCase"] = TestMethod.MatchesIgnoreCase,
        ["isLessThan"] = TestMethod.IsLessThan,
        ["isGreaterThan"] = TestMethod.IsGreaterThan,
        ["isBlank"] = TestMethod.IsBlank,
        ["isPresent"] = TestMethod.IsPresent,
    };

    public static IEnumerable<string> Names => ByName.Keys;

    public static bool TryParse(string name, out TestMethod method) => ByName.TryGetValue(name, out method);

    /// <summary>The method's name as written in a rules file.</summary>
    public static string NameOf(TestMethod method) => ByName.First(p => p.Value == method).Key;

    /// <summary>isBlank and isPresent ask about the element itself and take no argument.</summary>
    public static bool TakesArgument(TestMethod method) => method is not (TestMethod.IsBlank or TestMethod.IsPresent);

    /// <summary>The method with the same spelling but another letter case, e.g. "Contains" → "contains".</summary>
    public static string? CaseVariantOf(string name) =>
        ByName.Keys.FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
}
