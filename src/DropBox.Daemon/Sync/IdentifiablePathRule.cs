using System.Text;
using System.Text.RegularExpressions;

namespace DropBox.Daemon.Sync;

/// <summary>
/// The project's own rule of what in club_house is identifiable by where it is (option
/// <see cref="SyncOptions.IdentifiablePaths"/>): glob patterns of paths below the club_house folder.
/// <c>*</c> matches within one folder level, <c>**</c> any number of levels, <c>?</c> one character; a pattern
/// without '/' matches a file name in any folder. Matching ignores case, so a rule for <c>*.dcm</c> also holds
/// <c>SCAN.DCM</c> from a Windows sender.
/// </summary>
internal sealed class IdentifiablePathRule
{
    private readonly List<(string Pattern, Regex Regex)> _patterns;

    public IdentifiablePathRule(IEnumerable<string> patterns)
    {
        _patterns = patterns.Select(p => (p, ToRegex(p))).ToList();
    }

    public static IdentifiablePathRule None { get; } = new([]);

    /// <summary>The first pattern <paramref name="relativePath"/> ('/'-separated) matches, or null.</summary>
    public string? Match(string relativePath) =>
        _patterns.FirstOrDefault(p => p.Regex.IsMatch(relativePath)).Pattern;

    /// <summary>What is wrong with one pattern, or null when it is usable.</summary>
    public static string? Problem(string? pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern))
        {
            return "a pattern is empty";
        }

        if (pattern.Any(char.IsControl) || pattern.Contains('\\', StringComparison.Ordinal))
        {
            return $"\"{pattern}\" contains a backslash or a control character: use '/' between folders";
        }

        if (pattern.StartsWith('/') || pattern.EndsWith('/'))
        {
            return $"\"{pattern}\" starts or ends with '/': patterns are relative to the club_house folder and name files, e.g. \"scans/*\" or \"*.dcm\"";
        }

        var segments = pattern.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            return $"\"{pattern}\" has an empty, '.' or '..' folder level";
        }

        if (segments.Any(s => s != "**" && s.Contains("**", StringComparison.Ordinal)))
        {
            return $"\"{pattern}\": '**' must be a whole folder level (e.g. \"**/raw/*\")";
        }

        return null;
    }

    private static Regex ToRegex(string pattern)
    {
        var glob = pattern.Contains('/', StringComparison.Ordinal) ? pattern : "**/" + pattern;
        var regex = new StringBuilder("^");
        var segments = glob.Split('/');
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            if (segments[i] == "**")
            {
                regex.Append(last ? ".*" : "(?:[^/]*/)*");
                continue;
            }

            foreach (var c in segments[i])
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }

            if (!last)
            {
                regex.Append('/');
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
