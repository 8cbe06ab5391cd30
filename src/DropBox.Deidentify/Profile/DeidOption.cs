namespace DropBox.Deidentify.Profile;

/// <summary>
/// The options of PS3.15 Table E.1-1 (sections E.3.1–E.3.11), one bit each, so that a value is one option or a
/// set of them. Bit i is option column i of the generated table (Generated/ProfileTableData.cs): do not reorder.
/// Bits past the table's ten columns are options that act on something other than attributes (the pixels).
/// Names are what configuration and <c>--option</c> accept (<see cref="DeidOptionCatalog"/>).
/// </summary>
[Flags]
public enum DeidOption
{
    /// <summary>No option: the Basic Profile alone.</summary>
    None = 0,

    /// <summary>Retain Safe Private Option (E.3.10): private attributes on a safe list are kept/cleaned.</summary>
    RetainSafePrivate = 1 << 0,

    /// <summary>Retain UIDs Option (E.3.9).</summary>
    RetainUids = 1 << 1,

    /// <summary>Retain Device Identity Option (E.3.8).</summary>
    RetainDeviceIdentity = 1 << 2,

    /// <summary>Retain Institution Identity Option (E.3.11).</summary>
    RetainInstitutionIdentity = 1 << 3,

    /// <summary>Retain Patient Characteristics Option (E.3.7).</summary>
    RetainPatientCharacteristics = 1 << 4,

    /// <summary>Retain Longitudinal Temporal Information With Full Dates Option (E.3.6).</summary>
    RetainLongitudinalFullDates = 1 << 5,

    /// <summary>Retain Longitudinal Temporal Information With Modified Dates Option (E.3.6): dates shifted.</summary>
    RetainLongitudinalModifiedDates = 1 << 6,

    /// <summary>Clean Descriptors Option (E.3.5).</summary>
    CleanDescriptors = 1 << 7,

    /// <summary>Clean Structured Content Option (E.3.3).</summary>
    CleanStructuredContent = 1 << 8,

    /// <summary>Clean Graphics Option (E.3.4).</summary>
    CleanGraphics = 1 << 9,

    /// <summary>Clean Pixel Data Option (E.3.1): burned-in text blanked by device rules and OCR, every frame read again
    /// afterwards. The table has no column for it: it changes no attribute but Burned In Annotation.</summary>
    CleanPixelData = 1 << 10,
}
