namespace DropBox.Deidentify.Profile;

/// <summary>The single <see cref="DeidOption"/>s: their names for configuration, their codes for the output, and the parser.</summary>
public static class DeidOptionCatalog
{
    /// <summary>
    /// Every single option (not None), in bit order, which is the table's column order. An array, for loops:
    /// enumerating it through an interface is generic code to JIT; the native build precompiles Enum.GetValues&lt;T&gt;.
    /// </summary>
    internal static readonly DeidOption[] Singles = BuildSingles();

    /// <summary>The option names, in bit order, for messages and help (string.Join over the enum values is generic code to JIT).</summary>
    public static IReadOnlyList<string> Names { get; } = NamesOf(Singles);

    /// <summary>PS3.16 CID 7050 "De-identification Method" code and meaning (DCM scheme) of a single option.</summary>
    public static (string Code, string Meaning) CodeOf(DeidOption option) => option switch
    {
        DeidOption.CleanPixelData => ("113101", "Clean Pixel Data Option"),
        DeidOption.CleanGraphics => ("113103", "Clean Graphics Option"),
        DeidOption.CleanStructuredContent => ("113104", "Clean Structured Content Option"),
        DeidOption.CleanDescriptors => ("113105", "Clean Descriptors Option"),
        DeidOption.RetainLongitudinalFullDates => ("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
        DeidOption.RetainLongitudinalModifiedDates => ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
        DeidOption.RetainPatientCharacteristics => ("113108", "Retain Patient Characteristics Option"),
        DeidOption.RetainDeviceIdentity => ("113109", "Retain Device Identity Option"),
        DeidOption.RetainUids => ("113110", "Retain UIDs Option"),
        DeidOption.RetainSafePrivate => ("113111", "Retain Safe Private Option"),
        DeidOption.RetainInstitutionIdentity => ("113112", "Retain Institution Identity Option"),
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "not a single option"),
    };

    /// <summary>One option by name, case-insensitive, hyphens ignored ("retain-uids"); false for None, sets and unknown names.</summary>
    public static bool TryParse(string name, out DeidOption option) =>
        Enum.TryParse(name.Trim().Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out option)
        && IsSingle(option);

    private static bool IsSingle(DeidOption option)
    {
        foreach (var single in Singles)
        {
            if (option == single)
            {
                return true;
            }
        }
        return false;
    }

    private static string[] NamesOf(DeidOption[] options)
    {
        var names = new string[options.Length];
        for (var i = 0; i < options.Length; i++)
        {
            names[i] = options[i].ToString();
        }
        return names;
    }

    private static DeidOption[] BuildSingles()
    {
        var values = Enum.GetValues<DeidOption>();
        var options = new DeidOption[values.Length - 1];
        var n = 0;
        foreach (var value in values)
        {
            if (value != DeidOption.None)
            {
                options[n++] = value;
            }
        }
        return options;
    }
}
