using DropBox.Deidentify.Fields;
using DropBox.Deidentify.Profile;

namespace DropBox.Deidentify.Engine;

/// <summary>Validated, parsed settings: what the walker consults per element.</summary>
internal sealed class DeidPolicy
{
    private DeidPolicy(DeidSettings settings, DeidOption options, FieldList fields, List<AttributeSelector> safePrivate)
    {
        Settings = settings;
        Options = options;
        Fields = fields;
        SafePrivate = safePrivate;
        Relaxed = new HashSet<string>(settings.Relax, StringComparer.Ordinal);
    }

    public DeidSettings Settings { get; }
    public DeidOption Options { get; }
    public FieldList Fields { get; }
    public IReadOnlyList<AttributeSelector> SafePrivate { get; }
    public IReadOnlyCollection<string> Relaxed { get; }

    public bool Has(DeidOption option) => (Options & option) == option;

    /// <summary>Builds the policy, or throws with every configuration error (the daemon validates earlier).</summary>
    public static DeidPolicy From(DeidSettings settings)
    {
        var errors = settings.Validate("Deidentify").ToList();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid de-identification settings:" + Environment.NewLine + string.Join(Environment.NewLine, errors), nameof(settings));
        }
        var options = DeidOption.None;
        foreach (var name in settings.Options)
        {
            DeidOptionCatalog.TryParse(name, out var option);
            options |= option;
        }
        var fields = FieldList.Parse(settings.Fields, "Deidentify.Fields", out _);
        var safe = settings.SafePrivate.Select(s => AttributeSelector.TryParsePrivate(s)!).ToList();
        return new DeidPolicy(settings, options, fields, safe);
    }
}
