namespace DropBox.Deidentify.Profile;

/// <summary>
/// Turns Table E.1-1 codes into one action without knowledge of the IOD (PS3.15 E.1.1).
/// <para>
/// Combined basic codes (X/Z, X/D, Z/D, X/Z/D, X/Z/U*) mean "the first, unless the IOD's Type for the attribute
/// requires a later one": X is allowed for Type 3, Z for Type 2, D for Type 1. Without reading the IOD we pick the
/// choice that is valid whatever the Type — the LAST code — for rows marked "In Std. Comp. IOD" = Y; it still
/// removes the identity (an empty or dummy value, or remapped UIDs) while keeping a Type 1/2 attribute present, so
/// the output stays a valid instance. For rows marked N no standard IOD requires the attribute, so the FIRST code
/// (remove) is taken. In the 2024b table every combined code is on a Y row, so e.g. Institution Name (X/Z/D) →
/// Dummy, Acquisition Date (X/Z) → Empty, Patient ID (Z/D) → Dummy, Referenced Image Sequence (X/Z/U*) → RemapUid
/// (kept, UIDs inside remapped by their own rows). <see cref="ProfileRule.BasicCandidates"/> keeps all choices for
/// an engine that does know the Type.
/// </para>
/// <para>
/// Options: a selected option's code replaces the basic code (E.1.1: "the option's action overrides"). When several
/// selected options name the same row, Clean beats Keep: e.g. Retain Longitudinal Full Dates (K) together with
/// Retain Longitudinal Modified Dates (C) shifts the dates, because when the user asked for both the safer reading
/// wins. Otherwise every option code in the table is a Retain K or a Clean C, so there is nothing else to rank.
/// </para>
/// </summary>
internal static class ProfileCodes
{
    public static DeidAction Resolve(ProfileTableRow row, DeidOption options, out DeidOption? decidingOption)
    {
        decidingOption = null;
        DeidAction? chosen = null;
        foreach (var option in DeidOptionCatalog.Singles)
        {
            if ((options & option) == 0 || row.OptionCode(option) is not { } code)
            {
                continue;
            }
            var action = Single(code, row);
            if (chosen is null || (action == DeidAction.Clean && chosen != DeidAction.Clean))
            {
                chosen = action;
                decidingOption = option;
            }
        }
        if (chosen is { } fromOption)
        {
            return fromOption;
        }
        var candidates = Candidates(row.Basic);
        return row.InStdCompIod ? candidates[^1] : candidates[0];
    }

    public static IReadOnlyList<DeidAction> Candidates(string basicCode)
    {
        var codes = basicCode.Split('/');
        var actions = new DeidAction[codes.Length];
        for (var i = 0; i < codes.Length; i++)
        {
            actions[i] = Single(codes[i].TrimEnd('*'), null);
        }
        return actions;
    }

    private static DeidAction Single(string code, ProfileTableRow? row) => code switch
    {
        "X" => DeidAction.Remove,
        "Z" => DeidAction.Empty,
        "D" => DeidAction.Dummy,
        "K" => DeidAction.Keep,
        "C" => DeidAction.Clean,
        "U" => DeidAction.RemapUid,
        _ => throw new InvalidOperationException(
            $"Table E.1-1 code '{code}'{(row is null ? "" : $" for {row.Tag}")} is not known; regenerate the profile table with tools/DictionaryGenerator."),
    };
}
