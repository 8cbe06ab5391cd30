using System.Numerics;

namespace DropBox.Deidentify.Profile;

/// <summary>
/// One row of PS3.15 Table E.1-1 as generated: the tag as the table prints it, the basic profile code ("X", "Z/D",
/// "X/Z/U*"…) and the ten option codes, one character each in <see cref="DeidOption"/> bit order ('-' = none).
/// </summary>
internal sealed record ProfileTableRow(string Tag, string Keyword, string Name, bool InStdCompIod, string Basic, string Options)
{
    /// <summary>A single option's code for this row ("K" or "C"), or null when the option's column is empty.</summary>
    public string? OptionCode(DeidOption option) =>
        BitOperations.TrailingZeroCount((uint)option) is var column && column < Options.Length
        && Options[column] is var c && c != '-' ? c.ToString() : null; // past the table's columns: an option with no column
}
