using DropBox.Deidentify.Pixels.Regions;
using DropBox.Dicom;

namespace DropBox.Deidentify.Pixels.Rules;

/// <summary>
/// Rules that choose the rectangles of burned-in text to blank from a file's header values, read from DropBox's rules
/// format (CTP's DicomPixelAnonymizer script format and more; docs/pixel-rules.md). Unlike CTP, which blanks only the
/// first matching signature's regions, <see cref="Match(DicomDataset)"/> returns the union of every matching rule's
/// regions: a second rule that also describes the file can only add blanking, never take it away.
/// Give it the original header (before de-identification): the rules read device, size and description values that
/// the de-identifier may remove.
/// </summary>
public sealed class PixelRuleSet : IPixelRegionRules
{
    /// <summary>Rules files are short text; anything larger is the wrong file.</summary>
    public const int MaxFileBytes = 1 << 20;

    internal const string BuiltInSourceName = "built-in";
    private const string BuiltInResource = "DropBox.Deidentify.Pixels.Rules.BuiltIn.pixelrules";

    private static readonly Lazy<PixelRuleSet> BuiltInSet = new(LoadBuiltIn);

    internal PixelRuleSet(IReadOnlyList<PixelRule> rules) => Rules = rules;

    public IReadOnlyList<PixelRule> Rules { get; }

    /// <summary>A set with no rules.</summary>
    public static PixelRuleSet Empty { get; } = new([]);

    /// <summary>The default library (BuiltIn.pixelrules, written from the public facts of CTP's library).</summary>
    public static PixelRuleSet BuiltIn => BuiltInSet.Value;

    /// <summary>The text of the default library, for `dropbox pixel-rules builtin` and as a start for a site's own file.</summary>
    public static string BuiltInText
    {
        get
        {
            using var stream = typeof(PixelRuleSet).Assembly.GetManifestResourceStream(BuiltInResource)
                ?? throw new InvalidOperationException($"The resource {BuiltInResource} is missing from the build.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>Parses a rules file (DropBox's format, which reads CTP scripts unchanged); every error is reported.</summary>
    /// <param name="sourceName">How errors and rule labels name the file (its path, or "built-in").</param>
    public static PixelRuleParseResult Parse(string text, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(sourceName);
        return RuleFileReader.Read(text, sourceName);
    }

    /// <summary>Every error in the file at <paramref name="path"/> (empty when it is usable), for `dropbox check`.</summary>
    public static IReadOnlyList<PixelRuleError> CheckFile(string path) => ReadFile(path).Errors;

    /// <summary>The rules in the file at <paramref name="path"/>; throws <see cref="PixelRuleFileException"/> listing every error.</summary>
    public static PixelRuleSet LoadFile(string path)
    {
        var result = ReadFile(path);
        return result.Succeeded ? result.Rules! : throw new PixelRuleFileException(result.Errors);
    }

    /// <summary>The rules of every set, in order (e.g. the built-in library, then a project's own file).</summary>
    public static PixelRuleSet Combine(params PixelRuleSet[] sets)
    {
        ArgumentNullException.ThrowIfNull(sets);
        return new PixelRuleSet(sets.SelectMany(s => s.Rules).ToList());
    }

    /// <summary>The union of the regions of every rule that matches this dataset (binary numbers little-endian).</summary>
    public RegionMatch Match(DicomDataset dataset) => Match(dataset, meta: null, bigEndian: false);

    /// <summary>As <see cref="Match(DicomDataset)"/>, reading group 0002 from the file's meta group and binary numbers in the file's byte order.</summary>
    public RegionMatch Match(DicomFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Match(file.Dataset, file.Meta, file.TransferSyntax.IsBigEndian);
    }

    /// <summary>The union of the regions of every matching rule (each rectangle once, in rule order) and the rules' labels.</summary>
    public RegionMatch Match(DicomDataset dataset, DicomDataset? meta, bool bigEndian)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var header = new HeaderValues(dataset, meta, bigEndian);
        var regions = new List<PixelRegion>();
        var names = new List<string>();
        foreach (var rule in Rules.Where(r => r.Condition.Evaluate(header)))
        {
            names.Add(rule.Label);
            regions.AddRange(rule.Regions.Where(r => !regions.Contains(r)));
        }
        return names.Count == 0 ? RegionMatch.None : new RegionMatch(regions, names);
    }

    /// <summary>The rules written back in DropBox's format (names as comments, canonical conditions), readable by <see cref="Parse"/>.</summary>
    public string Render(string? header = null) => PixelRuleWriter.Render(this, header);

    private static PixelRuleParseResult ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                return Failed(path, "the file does not exist (check the path; relative paths are relative to the configuration file's folder)");
            }
            if (info.Length > MaxFileBytes)
            {
                return Failed(path, $"the file is {info.Length} bytes; a rules file is text of at most {MaxFileBytes} bytes (is this the right file?)");
            }
            return Parse(File.ReadAllText(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(path, $"the file cannot be read ({ex.GetType().Name}): check its permissions");
        }
    }

    private static PixelRuleParseResult Failed(string path, string message) => new(null, [new PixelRuleError(path, 0, 0, message)]);

    private static PixelRuleSet LoadBuiltIn()
    {
        var result = Parse(BuiltInText, BuiltInSourceName);
        return result.Succeeded ? result.Rules! : throw new PixelRuleFileException(result.Errors);
    }
}
