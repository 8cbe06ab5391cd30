namespace DropBox.Deidentify.Engine;

/// <summary>
/// The ten PS3.15 Annex E options, in the table's column order, with their PS3.16 CID 7050 codes.
/// Names are what configuration and <c>--option</c> accept.
/// </summary>
[Flags]
public enum ProfileOption
{
    None = 0,
    RetainSafePrivate = 1 << 0,
    RetainUids = 1 << 1,
    RetainDeviceIdentity = 1 << 2,
    RetainInstitutionIdentity = 1 << 3,
    RetainPatientCharacteristics = 1 << 4,
    RetainLongitudinalFullDates = 1 << 5,
    RetainLongitudinalModifiedDates = 1 << 6,
    CleanDescriptors = 1 << 7,
    CleanStructuredContent = 1 << 8,
    CleanGraphics = 1 << 9,
}

public static class ProfileOptions
{
    /// <summary>Every option (not None), in bit order. Built once; the native build precompiles Enum.GetValues&lt;T&gt;.</summary>
    public static IReadOnlyList<ProfileOption> All => AllOptions;

    /// <summary>The same as an array, for loops (enumerating it through the interface is generic code to JIT).</summary>
    internal static readonly ProfileOption[] AllOptions = BuildAll();

    /// <summary>The option names, in bit order, for messages and help (string.Join over the enum values is generic code to JIT).</summary>
    public static IReadOnlyList<string> Names { get; } = NamesOf(AllOptions);

    private static string[] NamesOf(ProfileOption[] options)
    {
        var names = new string[options.Length];
        for (var i = 0; i < options.Length; i++)
        {
            names[i] = options[i].ToString();
        }
        return names;
    }

    private static ProfileOption[] BuildAll()
    {
        var values = Enum.GetValues<ProfileOption>();
        var options = new ProfileOption[values.Length - 1];
        var n = 0;
        foreach (var value in values)
        {
            if (value != ProfileOption.None)
            {
                options[n++] = value;
            }
        }
        return options;
    }

    /// <summary>PS3.16 CID 7050 "De-identification Method" code and meaning (DCM scheme).</summary>
    public static (string Code, string Meaning) CodeOf(ProfileOption option) => option switch
    {
        ProfileOption.CleanGraphics => ("113103", "Clean Graphics Option"),
        ProfileOption.CleanStructuredContent => ("113104", "Clean Structured Content Option"),
        ProfileOption.CleanDescriptors => ("113105", "Clean Descriptors Option"),
        ProfileOption.RetainLongitudinalFullDates => ("113106", "Retain Longitudinal Temporal Information Full Dates Option"),
        ProfileOption.RetainLongitudinalModifiedDates => ("113107", "Retain Longitudinal Temporal Information Modified Dates Option"),
        ProfileOption.RetainPatientCharacteristics => ("113108", "Retain Patient Characteristics Option"),
        ProfileOption.RetainDeviceIdentity => ("113109", "Retain Device Identity Option"),
        ProfileOption.RetainUids => ("113110", "Retain UIDs Option"),
        ProfileOption.RetainSafePrivate => ("113111", "Retain Safe Private Option"),
        ProfileOption.RetainInstitutionIdentity => ("113112", "Retain Institution Identity Option"),
        _ => throw new ArgumentOutOfRangeException(nameof(option), option, "not a single option"),
    };

    public static bool TryParse(string name, out ProfileOption option) =>
        Enum.TryParse(name.Trim().Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out option)
        && IsSingle(option);

    private static bool IsSingle(ProfileOption option)
    {
        foreach (var single in AllOptions)
        {
            if (option == single)
            {
                return true;
            }
        }
        return false;
    }
}
