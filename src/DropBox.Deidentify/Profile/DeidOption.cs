namespace DropBox.Deidentify.Profile;

/// <summary>
/// The ten options of PS3.15 Table E.1-1 (sections E.3.1–E.3.11). The numeric order is the column order of the
/// generated table (Generated/ProfileTableData.cs): do not reorder.
/// </summary>
public enum DeidOption
{
    /// <summary>Retain Safe Private Option (E.3.10): private attributes on a safe list are kept/cleaned.</summary>
    RetainSafePrivate = 0,

    /// <summary>Retain UIDs Option (E.3.9).</summary>
    RetainUids = 1,

    /// <summary>Retain Device Identity Option (E.3.8).</summary>
    RetainDeviceIdentity = 2,

    /// <summary>Retain Institution Identity Option (E.3.11).</summary>
    RetainInstitutionIdentity = 3,

    /// <summary>Retain Patient Characteristics Option (E.3.7).</summary>
    RetainPatientCharacteristics = 4,

    /// <summary>Retain Longitudinal Temporal Information With Full Dates Option (E.3.6).</summary>
    RetainLongitudinalFullDates = 5,

    /// <summary>Retain Longitudinal Temporal Information With Modified Dates Option (E.3.6): dates shifted.</summary>
    RetainLongitudinalModifiedDates = 6,

    /// <summary>Clean Descriptors Option (E.3.5).</summary>
    CleanDescriptors = 7,

    /// <summary>Clean Structured Content Option (E.3.3).</summary>
    CleanStructuredContent = 8,

    /// <summary>Clean Graphics Option (E.3.4).</summary>
    CleanGraphics = 9,
}
