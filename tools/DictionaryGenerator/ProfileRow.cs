namespace DropBox.DictionaryGenerator;

/// <summary>
/// One row of PS3.15 Table E.1-1. Options holds the ten option columns in DeidOption order, one character each
/// ('-' = empty): every option cell in the table is a single code (K or C).
/// </summary>
internal sealed record ProfileRow(string Tag, string Keyword, string Name, bool InStdCompIod, string Basic, string Options);
