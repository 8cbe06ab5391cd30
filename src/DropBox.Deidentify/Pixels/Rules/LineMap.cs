namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>Turns an offset in a rules file into a 1-based line and column (a tab counts as one column).</summary>
internal sealed class LineMap
{
    private readonly List<int> _lineStarts = [0];

    public LineMap(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) Locate(int offset)
    {
        var index = _lineStarts.BinarySearch(offset);
        var line = index >= 0 ? index : ~index - 1;
        return (line + 1, offset - _lineStarts[line] + 1);
    }

    /// <summary>"line 12, column 5", for messages that point at a second place.</summary>
    public string Describe(int offset)
    {
        var (line, column) = Locate(offset);
        return $"line {line}, column {column}";
    }
}
